using System.Text;
using System.Text.Json;
using DigitalCollections.Api.Iscc;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>Text normalisation as the Python reference does it, text decoding, the Meta-Code's rules and JCS.</summary>
public sealed class IsccTextTests
{
    [Fact]
    public void Collapse_drops_whitespace_case_marks_and_punctuation()
    {
        Assert.Equal("dieunendlichegeschichte", IsccText.Collapse("Die unéndlíche,  Geschichte!\n"));
    }

    [Fact]
    public void Collapse_lowers_a_word_final_sigma_as_python_does()
    {
        Assert.Equal("οδος", IsccText.Collapse("ΟΔΟΣ"));
        Assert.Equal('\u03C2', IsccText.Collapse("ΟΔΟΣ")[^1]);
        Assert.Equal("σα", IsccText.Collapse("ΣΑ"));
    }

    [Fact]
    public void Collapse_counts_python_whitespace_including_the_information_separators()
    {
        Assert.Equal("ab", IsccText.Collapse("a\u001Fb"));
        Assert.Equal("ab", IsccText.RemoveNewlines("a\u001Fb").Replace(" ", ""));
        Assert.Equal("a b", IsccText.RemoveNewlines("a\u001Cb"));
    }

    [Fact]
    public void Lone_surrogates_are_dropped_instead_of_failing_normalisation()
    {
        Assert.Equal("ab", IsccText.Collapse("a\uD800b"));
        Assert.Equal("ab", IsccText.Clean("a\uDC00b"));
    }

    [Fact]
    public void Clean_keeps_at_most_two_newlines_and_drops_control_characters()
    {
        Assert.Equal("a\n\nbc d", IsccText.Clean("  a\r\n\r\n\n\nb\tc\u0007 d "));
    }

    [Fact]
    public void Trimming_never_splits_a_character()
    {
        Assert.Equal("ab", IsccText.TrimUtf8("abé", 3));
        Assert.Equal("abé", IsccText.TrimUtf8("abé", 4));
        Assert.Equal("a", IsccText.TrimUtf8("a💩", 4));
    }

    [Fact]
    public void A_meta_code_needs_a_name()
    {
        Assert.Throws<ArgumentException>(() => MetaCode.Generate("  \n\t "));
    }

    [Fact]
    public void The_text_code_counts_code_points_not_utf16_units()
    {
        Assert.Equal(3, TextCode.Generate("💩💩💩").Characters);
    }

    [Fact]
    public void Utf8_text_and_markdown_decode_and_a_byte_order_mark_is_dropped()
    {
        var result = TextDecoder.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("# Titel\n\nGrüße")]);
        Assert.True(result.Succeeded);
        Assert.Equal("# Titel\n\nGrüße", result.Text);
    }

    [Fact]
    public void Text_that_is_not_utf8_is_refused_with_a_reason()
    {
        var latin1 = Encoding.Latin1.GetBytes("Grüße aus Köln");
        var result = TextDecoder.Decode(latin1);
        Assert.False(result.Succeeded);
        Assert.Contains("not UTF-8", result.Reason);
        Assert.Contains("at byte offset 2", result.Reason);
    }

    [Fact]
    public void A_binary_file_with_nul_bytes_is_refused()
    {
        var result = TextDecoder.Decode([(byte)'a', 0, (byte)'b']);
        Assert.False(result.Succeeded);
        Assert.Contains("NUL", result.Reason);
    }

    [Fact]
    public void Jcs_sorts_members_escapes_minimally_and_writes_numbers_as_ecmascript()
    {
        using var json = JsonDocument.Parse("{\"b\": [1.0, 1e21, 1e-7, 0.000001, 123.456, -0.0, 100], \"a\": \"\\u000f\\n\\\"é\"}");
        Assert.Equal("{\"a\":\"\\u000f\\n\\\"é\",\"b\":[1,1e+21,1e-7,0.000001,123.456,0,100]}",
            Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(json.RootElement)));
    }

    [Theory]
    [InlineData(199, false)]
    [InlineData(200, true)]
    public void Texts_below_the_floor_take_no_part_in_similarity(int characters, bool takesPart)
    {
        Assert.Equal(takesPart, SimilarityFloor.TextTakesPart(characters));
    }
}
