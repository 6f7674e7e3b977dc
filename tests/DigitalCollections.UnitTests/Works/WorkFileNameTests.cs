using DigitalCollections.Api.Works;

namespace DigitalCollections.UnitTests.Works;

/// <summary>Uploaded file names lose paths, control characters and invisible bidi and format characters.</summary>
public sealed class WorkFileNameTests
{
    [Theory]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("  spaced name.txt  ", "spaced name.txt")]
    [InlineData("Übung – Größe 𝄞.pdf", "Übung – Größe 𝄞.pdf")]          // letters, dashes and astral characters stay
    [InlineData("photo\u202Egpj.exe", "photogpj.exe")]                   // RIGHT-TO-LEFT OVERRIDE: looks like photoexe.jpg
    [InlineData("a\u2066b\u2067c\u2068d\u2069e\u202Af\u202Bg\u202Ch\u202Di\u200Ej\u200Fk\u061Cl.txt", "abcdefghijkl.txt")]
    [InlineData("zero\u200Bwidth\uFEFF.txt", "zerowidth.txt")]
    [InlineData("tab\there\r\nnew\u0000line\u007F\u0085.txt", "tabherenewline.txt")]
    [InlineData("line\u2028para\u2029.txt", "linepara.txt")]
    [InlineData(@"C:\Users\ada\Pictures\sunrise.png", "sunrise.png")]
    [InlineData(@"..\..\etc\passwd", "passwd")]
    [InlineData("/var/tmp/upload.bin", "upload.bin")]
    [InlineData(@"dir/sub\mixed.txt", "mixed.txt")]
    public void Names_are_cleaned(string sent, string kept) => Assert.Equal(kept, WorkFileName.Clean(sent));

    [Fact]
    public void A_broken_surrogate_is_dropped() // built here: attribute arguments cannot hold one
    {
        Assert.Equal("brokensurrogate.txt", WorkFileName.Clean("broken" + (char)0xD800 + "surrogate.txt"));
        Assert.Equal("end.txt", WorkFileName.Clean("end.txt" + (char)0xDC00));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u202E\u0001")]
    [InlineData(@"C:\Users\ada\")]
    [InlineData("..")]
    [InlineData(@"a\.")]
    public void Nothing_left_is_no_name(string? sent) => Assert.Null(WorkFileName.Clean(sent));
}
