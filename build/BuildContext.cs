using Cake.Common;
using Cake.Core;
using Cake.Frosting;

namespace KanikoImages.Build;

/// <summary>The typed context every task gets: the repository being worked on and the run's parameters.</summary>
public sealed class BuildContext(ICakeContext context) : FrostingContext(context)
{
    /// <summary>The repository (--working, default: the folder holding build.sh); every path resolves here.</summary>
    public string RepositoryRoot { get; } = context.Environment.WorkingDirectory.FullPath;

    /// <summary>--dryrun: tasks compute and report what they would do, and write nothing.</summary>
    public bool DryRun { get; } = context.HasArgument("dryrun");

    public string InRepository(string relativePath) => Path.GetFullPath(Path.Combine(RepositoryRoot, relativePath));
}
