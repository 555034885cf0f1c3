using System.Collections;
using Cake.Common;
using Cake.Core;
using Cake.Frosting;
using KanikoImages.Build.Tools.Git;
using KanikoImages.Images;

namespace KanikoImages.Build;

/// <summary>
/// The typed context every task gets: the repository being worked on and the run's parameters. Partial so
/// each stage's parameters live beside its task (BuildContext.Stage.cs).
/// </summary>
public sealed partial class BuildContext(ICakeContext context) : FrostingContext(context)
{
    private ImageCatalog? _catalog;

    /// <summary>The repository (--working, default: the folder holding build.sh); every path resolves here.</summary>
    public string RepositoryRoot { get; } = context.Environment.WorkingDirectory.FullPath;

    /// <summary>--dryrun: tasks compute and report what they would do, and write nothing.</summary>
    public bool DryRun { get; } = context.HasArgument("dryrun");

    /// <summary>The image catalog, loaded once per run (also when a later task runs --exclusive).</summary>
    public ImageCatalog Catalog => _catalog ??= CatalogLoader.Load(
        RepositoryRoot, ArgumentValues(), EnvironmentValues(), ExecutableBits(), new GitIndexReader(Git, RepositoryRoot));

    /// <summary>Forgets the loaded catalog: Publish re-reads images/ after a rebase moved the checkout.</summary>
    public void ReloadCatalog()
    {
        _catalog = null;
        _generated = null;
        _preview = null;
    }

    /// <summary>The git CLI, found by Cake's tool locator.</summary>
    public GitRunner Git => new(FileSystem, Environment, ProcessRunner, Tools);

    public string InRepository(string relativePath) => Path.GetFullPath(Path.Combine(RepositoryRoot, relativePath));

    /// <summary>Every --name=value build argument; the last one wins when an option is repeated.</summary>
    public IReadOnlyDictionary<string, string> ArgumentValues() =>
        Arguments.GetArguments().ToDictionary(a => a.Key, a => a.Value.Last(), StringComparer.OrdinalIgnoreCase);

    private static IReadOnlyDictionary<string, string> EnvironmentValues() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
}
