using KanikoImages.Images;

namespace KanikoImages.Tests.Images;

/// <summary>The one duration syntax: images.yaml's timeouts, image.yaml's, overrides and Status's --timeout.</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30m", 1800)]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("2h", 7200)]
    [InlineData("00:00:45", 45)]
    [InlineData("576h", 576 * 3600)]
    public void Durations_are_read_as_people_write_them(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("-5m")]
    [InlineData("45")]
    public void Anything_else_is_an_error(string text)
    {
        var error = Assert.Throws<FormatException>(() => DurationText.Parse(text));

        Assert.Equal($"'{text}' is not a duration; write e.g. 90s, 30m or 1h30m", error.Message);
    }

    [Fact]
    public void Zero_is_an_error()
    {
        Assert.Equal("'0s' must be longer than zero", Assert.Throws<FormatException>(() => DurationText.Parse("0s")).Message);
    }

    [Theory]
    [InlineData("99999999999h")]
    [InlineData("99999999999999999999999s")]
    [InlineData("577h")]
    [InlineData("9999999:00:00")]
    public void Too_long_is_an_error_not_an_overflow(string text)
    {
        var error = Assert.Throws<FormatException>(() => DurationText.Parse(text));

        Assert.Equal($"'{text}' is too long; at most 576h", error.Message);
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
