using k8s;
using KanikoImages.Status;
using static KanikoImages.Tests.Status.ClusterObjects;

namespace KanikoImages.Tests.Status;

/// <summary>The per-event bookkeeping of --wait.</summary>
public sealed class WaitBoardTests
{
    private static readonly DateTime Now = Start + TimeSpan.FromMinutes(1);

    [Fact]
    public void Progress_names_the_first_unfinished_builds_and_counts_the_rest()
    {
        var images = Enumerable.Range(1, 14).Select(i => Image($"img{i:00}")).ToArray();
        var board = new WaitBoard(Catalog(images), Namespace, [Job(images[0]).Complete(TimeSpan.FromSeconds(3)), Job(images[1]).Running()], Now);

        var progress = board.Progress();

        Assert.Equal("1 of 14 finished; waiting for img02 (running 1m00s), img03 (not-synced), img04 (not-synced), img05 (not-synced), " +
            "img06 (not-synced), img07 (not-synced), img08 (not-synced), img09 (not-synced), img10 (not-synced), img11 (not-synced) and 3 more",
            StatusText.Progress(progress));
    }

    [Fact]
    public void Only_events_that_change_an_images_state_count()
    {
        var app = Image("app");
        var board = new WaitBoard(Catalog(app), Namespace, [Job(app).Running()], Now);

        Assert.False(board.Apply(WatchEventType.Modified, Job(app).Running(), Now));
        Assert.False(board.Apply(WatchEventType.Modified, Job(Image("app", content: "old")).Complete(TimeSpan.FromSeconds(1)), Now));
        Assert.False(board.Apply(WatchEventType.Added, Job(Image("removed")).Complete(TimeSpan.FromSeconds(1)), Now));
        Assert.False(board.Finished);
        Assert.True(board.Apply(WatchEventType.Modified, Job(app).Complete(TimeSpan.FromSeconds(9)), Now));
        Assert.True(board.Finished);
    }

    [Fact]
    public void Deleted_job_makes_its_image_wait_for_the_next_sync()
    {
        var app = Image("app");
        var board = new WaitBoard(Catalog(app), Namespace, [Job(app).Complete(TimeSpan.FromSeconds(9))], Now);

        Assert.True(board.Apply(WatchEventType.Deleted, Job(app).Complete(TimeSpan.FromSeconds(9)), Now));

        Assert.False(board.Finished);
        Assert.Equal("0 of 1 finished; waiting for app (not-synced)", StatusText.Progress(board.Progress()));
    }
}
