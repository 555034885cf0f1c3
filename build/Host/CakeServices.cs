using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace KanikoImages.Build.Host;

/// <summary>
/// Cake.Core's services wired together the one way the host needs them (file system, globber,
/// configuration, tool locator, process runner); tests build tool runners from the same wiring.
/// </summary>
public sealed class CakeServices
{
    public CakeServices(ICakeEnvironment environment, ICakeLog log)
    {
        Environment = environment;
        FileSystem = new FileSystem();
        Globber = new Globber(FileSystem, environment);
        Configuration = new CakeConfigurationProvider(FileSystem, environment)
            .CreateConfiguration(environment.WorkingDirectory, new Dictionary<string, string>());
        Tools = new ToolLocator(
            environment,
            new ToolRepository(environment),
            new ToolResolutionStrategy(FileSystem, environment, Globber, Configuration, log));
        ProcessRunner = new ProcessRunner(FileSystem, environment, log, Tools, Configuration);
    }

    public ICakeEnvironment Environment { get; }

    public IFileSystem FileSystem { get; }

    public IGlobber Globber { get; }

    public ICakeConfiguration Configuration { get; }

    public IToolLocator Tools { get; }

    public IProcessRunner ProcessRunner { get; }
}
