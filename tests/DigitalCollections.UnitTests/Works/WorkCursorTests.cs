using DigitalCollections.Api.Works;

namespace DigitalCollections.UnitTests.Works;

public sealed class WorkCursorTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(123456789L)]
    [InlineData(long.MaxValue)]
    public void A_cursor_round_trips_and_is_url_safe(long tokenId)
    {
        var cursor = WorkCursor.Encode(tokenId);
        Assert.DoesNotContain('=', cursor);
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
        Assert.True(WorkCursor.TryDecode(cursor, out var decoded));
        Assert.Equal(tokenId, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("MTIz")] // "123": no version prefix
    [InlineData("djE6LTU")] // "v1:-5": negative
    [InlineData("djI6NQ")] // "v2:5": unknown version
    public void Anything_else_is_not_a_cursor(string cursor) => Assert.False(WorkCursor.TryDecode(cursor, out _));

    [Fact]
    public void A_very_long_cursor_is_refused_before_decoding() =>
        Assert.False(WorkCursor.TryDecode(new string('A', 65), out _));
}

public sealed class ListWorksValidatorTests
{
    private static IEnumerable<string> Fields(ListWorksQuery q) =>
        new ListWorksValidator().Validate(q).Errors.Select(e => char.ToLowerInvariant(e.PropertyName[0]) + e.PropertyName[1..]);

    [Fact]
    public void An_empty_query_is_valid() => Assert.Empty(Fields(new ListWorksQuery(null, null, null, null)));

    [Fact]
    public void Each_bad_parameter_is_named()
    {
        Assert.Equal(["creator"], Fields(new ListWorksQuery("0x12", null, null, null)));
        Assert.Equal(["owner"], Fields(new ListWorksQuery(null, "bob", null, null)));
        Assert.Equal(["limit"], Fields(new ListWorksQuery(null, null, null, 0)));
        Assert.Equal(["limit"], Fields(new ListWorksQuery(null, null, null, ListWorksValidator.MaxLimit + 1)));
        Assert.Equal(["cursor"], Fields(new ListWorksQuery(null, null, "nope", null)));
    }

    [Fact]
    public void A_cursor_from_the_api_and_addresses_in_any_case_are_valid() =>
        Assert.Empty(Fields(new ListWorksQuery("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            WorkCursor.Encode(42), 200)));
}
