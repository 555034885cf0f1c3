using Cake.Core;
using KanikoImages.Build.Host;
using KanikoImages.Images;

namespace KanikoImages.Tests.Build;

/// <summary>How a failed run ends: a user error is a message and exit 1, anything else a bug with its stack trace and exit 70.</summary>
public sealed class ErrorReportTests
{
    [Fact]
    public void A_user_error_inside_cakes_wrappers_is_its_message_alone()
    {
        var error = new CatalogException([new CatalogError("images.yaml", "'registry' is not set")]);
        var lines = new List<string>();
        var bug = new StringWriter();

        var code = ErrorReport.Write(new AggregateException(new CakeReportException(new CakeReport(), "failed", error)), lines.Add, bug);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(["Error: images.yaml: 'registry' is not set"], lines);
        Assert.Equal("", bug.ToString());
    }

    [Fact]
    public void Every_command_line_problem_is_its_own_line()
    {
        var lines = new List<string>();

        var code = ErrorReport.Write(new CommandLineException(["one", "two"]), lines.Add, new StringWriter());

        Assert.Equal(1, code);
        Assert.Equal(["Error: one", "Error: two"], lines);
    }

    [Fact]
    public void A_file_system_error_is_the_machine_not_a_bug()
    {
        var lines = new List<string>();
        var bug = new StringWriter();

        var code = ErrorReport.Write(
            new AggregateException(new UnauthorizedAccessException("Access to the path '/repo/deploy/manifest.yaml' is denied.")), lines.Add, bug);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(["Error: Access to the path '/repo/deploy/manifest.yaml' is denied."], lines);
        Assert.Equal("", bug.ToString());
    }

    [Fact]
    public void Anything_else_is_a_bug_printed_in_full()
    {
        var lines = new List<string>();
        var bug = new StringWriter();

        var code = ErrorReport.Write(new AggregateException(Thrown()), lines.Add, bug);

        Assert.Equal(70, code);
        Assert.Empty(lines);
        Assert.Contains("this is a bug in the build", bug.ToString());
        Assert.Contains("System.NullReferenceException", bug.ToString());
        Assert.Contains($"at {typeof(ErrorReportTests).FullName}.{nameof(Thrown)}", bug.ToString());
    }

    private static Exception Thrown()
    {
        try
        {
            string? nothing = null;
            return new Exception(nothing!.Length.ToString());
        }
        catch (NullReferenceException e)
        {
            return e;
        }
    }
}
