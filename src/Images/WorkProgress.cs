namespace KanikoImages.Images;

/// <summary>
/// How far a long step has come, for whoever shows it (the build project renders it; src/ knows no console).
/// Here because every stage references this first one.
/// </summary>
/// <param name="Step">What is being done ("hashing images").</param>
/// <param name="Done">Items finished so far.</param>
/// <param name="Total">Items in all; null when not known in advance (documents read as a stream).</param>
public readonly record struct WorkProgress(string Step, int Done, int? Total);

/// <summary>Counts items finished by parallel workers and reports each new count.</summary>
public sealed class ProgressCounter(IProgress<WorkProgress>? progress, string step, int? total)
{
    private int _done;

    public void Add()
    {
        var done = Interlocked.Increment(ref _done);
        progress?.Report(new WorkProgress(step, done, total));
    }
}
