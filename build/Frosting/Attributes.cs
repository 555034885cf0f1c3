// A Cake.Frosting-shaped task API on Cake.Core's own engine (Cake.Frosting is not served by the NuGet feed
// here): the task classes, attributes and context keep Frosting's names and namespace. The host differs from
// Frosting's where listed in the command-line reference; its own types live in KanikoImages.Build.Host.
namespace Cake.Frosting;

/// <summary>The name the task is registered under (what --target takes).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TaskNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The task runs after the named task.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependentOnAttribute(Type task) : Attribute
{
    public Type Task { get; } = task;
}

/// <summary>The named task runs after this one.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependeeOfAttribute(Type task) : Attribute
{
    public Type Task { get; } = task;
}

/// <summary>The one-line description shown by --description.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TaskDescriptionAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}
