using KanikoImages.Status;

namespace KanikoImages.Tests.Status;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30m", 1800)]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("2h", 7200)]
    [InlineData("00:00:45", 45)]
    public void Timeout_is_read_as_people_write_it(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text, "--timeout"));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("")]
    [InlineData("-5m")]
    public void Anything_else_is_an_error_naming_the_option(string text)
    {
        var error = Assert.Throws<StatusException>(() => DurationText.Parse(text, "--timeout"));

        Assert.Equal($"--timeout {text}: not a duration; write a positive duration like 30m, 90s or 1h30m.", error.Message);
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(125, "2m05s")]
    [InlineData(3725, "1h02m05s")]
    public void Durations_are_shown_compactly(int seconds, string text)
    {
        Assert.Equal(text, DurationText.Format(TimeSpan.FromSeconds(seconds)));
    }
}
