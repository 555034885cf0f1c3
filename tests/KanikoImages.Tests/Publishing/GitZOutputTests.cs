using KanikoImages.Manifests.Sources;

namespace KanikoImages.Tests.Publishing;

public sealed class GitZOutputTests
{
    [Fact]
    public void Status_reads_entries_renames_with_their_old_path_and_names_holding_line_breaks()
    {
        // As the tool runner hands it over: the output split into lines at each line break.
        string[] lines = ["R  deploy/new.yaml\0deploy/old.yaml\0?? deploy/a", "b.yaml\0 D images/x/Dockerfile\0"];

        var entries = GitZOutput.Status(lines);

        Assert.Equal(
            [
                new GitStatusEntry('R', ' ', "deploy/new.yaml", "deploy/old.yaml"),
                new GitStatusEntry('?', '?', "deploy/a\nb.yaml", null),
                new GitStatusEntry(' ', 'D', "images/x/Dockerfile", null),
            ],
            entries);
        Assert.True(entries[2].Deleted);
    }
}
