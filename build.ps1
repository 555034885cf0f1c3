#!/usr/bin/env pwsh
# Bootstrap for the build project, the PowerShell twin of build.sh: find the .NET SDK that global.json asks
# for (or install it locally under .dotnet/ like NUKE's bootstrap does), build build/ when anything it is
# made of changed, then run it with every argument passed through: ./build.ps1 GenerateManifests.
# ./build.ps1 --test [dotnet test options] runs the tests with that same SDK.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
# Arguments reach the build as build.sh passes them: each one whole, quotes and all.
$PSNativeCommandArgumentPassing = 'Standard'

# PowerShell re-parses a script's arguments: run with -File it splits "--junit=/tmp/a:b.xml" at the colon, and
# typed at a prompt it turns "a,b" into an array. When pwsh was started with this script, the process's own
# arguments after it are the ones given; otherwise arrays are joined back with their commas.
function Get-BuildArguments([object[]] $Parsed) {
    $process = [Environment]::GetCommandLineArgs()
    for ($i = 1; $i -lt $process.Count; $i++) {
        if ($process[$i] -notlike '-*' -and (Test-Path -LiteralPath $process[$i] -PathType Leaf) -and
            (Resolve-Path -LiteralPath $process[$i]).Path -eq $PSCommandPath) {
            return @($process | Select-Object -Skip ($i + 1))
        }
    }
    return @($Parsed | ForEach-Object { if ($_ -is [array]) { $_ -join ',' } else { "$_" } })
}
$BuildArguments = @(Get-BuildArguments $args)

$Root = $PSScriptRoot
$BuildDll = Join-Path $Root 'build/bin/host/Build.dll'
$Stamp = Join-Path $Root 'build/obj/build.sh.stamp'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$LocalDotnet = Join-Path $Root ".dotnet/$(if ($IsWindows) { 'dotnet.exe' } else { 'dotnet' })"

function Fail([string] $Message) {
    [Console]::Error.WriteLine("build.ps1: $Message")
    exit 1
}

# The warm path pays no MSBuild up-to-date check: compare the sources with the stamp of the last build.
function Test-SourcesUnchanged {
    if (-not (Test-Path $BuildDll) -or -not (Test-Path $Stamp)) { return $false }
    $stampTime = (Get-Item $Stamp).LastWriteTimeUtc
    $inputs = @('global.json', 'Directory.Build.props', 'Directory.Packages.props') |
        ForEach-Object { Join-Path $Root $_ } | Where-Object { Test-Path $_ } | ForEach-Object { Get-Item $_ }
    $sources = @('build', 'src') | ForEach-Object {
        Get-ChildItem -Path (Join-Path $Root $_) -Recurse -File -ErrorAction SilentlyContinue |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
    }
    return -not (@($inputs) + @($sources) | Where-Object { $_.LastWriteTimeUtc -gt $stampTime } | Select-Object -First 1)
}

function Find-Runtime {
    if (Test-Path $LocalDotnet) { return $LocalDotnet }
    $onPath = Get-Command dotnet -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    return $null
}

# An SDK that satisfies global.json: `dotnet --version` run inside the repository fails when none does.
function Find-Sdk {
    $candidates = @($LocalDotnet, (Get-Command dotnet -ErrorAction SilentlyContinue | ForEach-Object Source))
    foreach ($candidate in $candidates) {
        if (-not $candidate -or -not (Test-Path $candidate)) { continue }
        Push-Location $Root
        try {
            & $candidate --version *> $null
            if ($LASTEXITCODE -eq 0) { return $candidate }
        } finally { Pop-Location }
    }
    return $null
}

function Install-Sdk {
    $version = (Get-Content (Join-Path $Root 'global.json') -Raw | ConvertFrom-Json).sdk.version
    $channel = $version.Substring(0, $version.LastIndexOf('.'))
    [Console]::Error.WriteLine("build.ps1: no .NET SDK matching $version (global.json) found; installing the latest $channel SDK into .dotnet/")
    $script = Join-Path ([IO.Path]::GetTempPath()) $(if ($IsWindows) { 'dotnet-install.ps1' } else { 'dotnet-install.sh' })
    try {
        Invoke-WebRequest -UseBasicParsing -Uri "https://dot.net/v1/$(Split-Path $script -Leaf)" -OutFile $script
    } catch {
        Fail "could not download the dotnet-install script (offline?). Install the .NET SDK $channel (global.json asks for $version or a later feature band) from https://dot.net and run again."
    }
    if ($IsWindows) { & $script -Channel $channel -InstallDir (Join-Path $Root '.dotnet') -NoPath }
    else { bash $script --channel $channel --install-dir (Join-Path $Root '.dotnet') --no-path }
    if ($LASTEXITCODE -ne 0) { Fail "dotnet-install could not install the .NET SDK $channel. Install it from https://dot.net and run again." }
}

function Get-Sdk {
    $sdk = Find-Sdk
    if (-not $sdk) {
        # Its output is shown, not returned with the SDK's path.
        Install-Sdk | Out-Host
        $sdk = Find-Sdk
        if (-not $sdk) { Fail 'the .NET SDK installed into .dotnet/ does not satisfy global.json.' }
    }
    return $sdk
}

# The tests start dotnet themselves (the built Build.dll, the bootstrap scripts): the SDK's folder goes first
# on PATH so they find the one that runs them, also when it lives only in .dotnet/.
if ($args.Count -gt 0 -and $args[0] -eq '--test') {
    $sdk = Get-Sdk
    $env:PATH = (Split-Path $sdk) + [IO.Path]::PathSeparator + $env:PATH
    if ($sdk -eq $LocalDotnet) { $env:DOTNET_ROOT = Join-Path $Root '.dotnet' }
    Set-Location $Root
    # The local tools of .config/dotnet-tools.json (PowerShell, for build.ps1's tests), from NuGet.
    & $sdk tool restore | Out-Host
    if ($LASTEXITCODE -ne 0) { Fail 'dotnet tool restore failed (see above).' }
    & $sdk test (Join-Path $Root 'tests/KanikoImages.Tests') @($args | Select-Object -Skip 1)
    exit $LASTEXITCODE
}

if (-not (Test-SourcesUnchanged)) {
    New-Item -ItemType Directory -Force -Path (Split-Path $Stamp) | Out-Null
    # Two runs at once (build.sh's or this script's) must not build into the same folder together. .NET opens a
    # file with FileShare.None through flock(2) on Unix, so this lock excludes build.sh's flock on the same file.
    $lockPath = Join-Path (Split-Path $Stamp) 'build.sh.lock'
    $lock = $null
    while (-not $lock) {
        try { $lock = [IO.File]::Open($lockPath, 'OpenOrCreate', 'ReadWrite', 'None') }
        catch [IO.IOException] { Start-Sleep -Milliseconds 200 }
    }
    try {
        if (-not (Test-SourcesUnchanged)) {
            $sdk = Get-Sdk
            # Stamp the start, not the end: a file edited during the build is newer and triggers the next build.
            $next = "$Stamp.next"
            Set-Content -Path $next -Value ''
            # MSBuild's output goes to stderr, as in build.sh: stdout is the build's (a --json document).
            # Published, not built: publish precompiles the host for this machine's runtime (ReadyToRun, see build/Build.csproj).
            & $sdk publish (Join-Path $Root 'build/Build.csproj') -c Release --use-current-runtime -o (Join-Path $Root 'build/bin/host') `
                --nologo -v quiet -clp:NoSummary 2>&1 |
                ForEach-Object { [Console]::Error.WriteLine("$_") }
            if ($LASTEXITCODE -ne 0) { Fail 'building build/Build.csproj failed (see the errors above).' }
            Move-Item -Force $next $Stamp
        }
    }
    finally { $lock.Dispose() }
}

$dotnet = Find-Runtime
if (-not $dotnet) { Fail 'no dotnet found to run the build project.' }
& $dotnet $BuildDll @BuildArguments
exit $LASTEXITCODE
