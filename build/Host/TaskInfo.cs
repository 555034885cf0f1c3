namespace KanikoImages.Build.Host;

/// <summary>A task class as the host sees it before anything runs: name, description and dependencies.</summary>
public sealed record TaskInfo(Type Type, string Name, string? Description, IReadOnlyList<string> Dependencies)
{
    /// <summary>The tasks a run of <paramref name="target"/> executes: it and, unless exclusive, all it depends on.</summary>
    public static IReadOnlyList<TaskInfo> RunOf(TaskInfo target, IReadOnlyList<TaskInfo> tasks, bool exclusive)
    {
        var run = new List<TaskInfo>();
        var pending = new Stack<TaskInfo>([target]);
        while (pending.TryPop(out var task))
        {
            if (run.Contains(task))
            {
                continue;
            }

            run.Add(task);
            if (!exclusive)
            {
                foreach (var dependency in task.Dependencies)
                {
                    pending.Push(tasks.Single(t => t.Name == dependency));
                }
            }
        }

        return run;
    }
}
