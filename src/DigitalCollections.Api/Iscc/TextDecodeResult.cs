using System.Diagnostics.CodeAnalysis;

namespace DigitalCollections.Api.Iscc;

/// <summary>The decoded text, or null with the reason why the file gives no Text-Code.</summary>
public sealed record TextDecodeResult(string? Text, string? Reason)
{
    [MemberNotNullWhen(true, nameof(Text))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool Succeeded => Text is not null;
}
