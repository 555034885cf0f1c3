using KanikoImages.Images;
using KanikoImages.Status;
using static KanikoImages.Tests.Status.ClusterObjects;

namespace KanikoImages.Tests.Status;

/// <summary>A dependent whose base is not built yet says what it waits for; once the base is built it does not.</summary>
public sealed class BaseWaitStatusTests
{
    private static readonly DateTime Now = Start + TimeSpan.FromMinutes(3);
    private readonly ImageDefinition _base = Image("base-python");
    private readonly ImageDefinition _api = Image("api") with { Dependencies = [new ImageDependency("base-python", ["BASE"])], Depth = 1 };
    private readonly ImageDefinition _plain = Image("plain");

    [Fact]
    public void A_dependent_not_synced_while_its_base_builds_is_waiting_for_the_base()
    {
        var report = CatalogJoin.Join(Catalog(_api, _base, _plain), Namespace, [Job(_base).Running()], [], Now);

        var api = report.Images.Single(i => i.Image == "api");
        Assert.Equal(BuildState.NotSynced, api.State);
        Assert.Equal("waiting for base-python", api.Reason);
        Assert.Null(report.Images.Single(i => i.Image == "plain").Reason);
    }

    [Fact]
    public void A_pending_dependent_keeps_its_own_reason_after_the_wait_and_a_failed_base_is_named()
    {
        var apiJob = Job(_api);
        var pod = Pod(apiJob, "a", "Pending", Waiting("PodInitializing"), guard: Waiting("ErrImagePull", "pull failed"));
        var report = CatalogJoin.Join(
            Catalog(_api, _base), Namespace, [Job(_base).Failed(TimeSpan.FromMinutes(1), "BackoffLimitExceeded", "Job has reached the specified backoff limit"), apiJob], [pod], Now);

        Assert.Equal("waiting for base-python (failed); container guard: ErrImagePull: pull failed", report.Images.Single(i => i.Image == "api").Reason);
    }

    [Fact]
    public void Once_the_base_is_built_the_dependent_waits_for_nothing()
    {
        var report = CatalogJoin.Join(Catalog(_api, _base), Namespace, [Job(_base).Complete(TimeSpan.FromMinutes(2))], [], Now);

        var api = report.Images.Single(i => i.Image == "api");
        Assert.Equal(BuildState.NotSynced, api.State);
        Assert.Null(api.Reason);
    }
}
