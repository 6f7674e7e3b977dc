using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.Storage;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Completes a work's codes: the Meta-Code from title and description, a Content-Code where the bytes are an
/// image (by their magic bytes, whatever the declared type) or UTF-8 text (declared text/plain or Markdown, or
/// named .txt/.md), and the composite ISCC-CODE. Content that cannot be decoded, is too large to decode or too
/// small to say anything gets no Content-Code or one that takes no part in similarity, with the reason; the
/// other codes are always computed, and nothing here throws on bad content.
/// </summary>
public sealed class WorkCodeGenerator(ImageDecodeOptions? imageOptions = null)
{
    /// <summary>
    /// Larger files get no Content-Code: decoding reads the whole file into memory. 64 MB holds any camera
    /// JPEG and any text a person writes.
    /// </summary>
    public const long MaxContentBytes = 64L * 1024 * 1024;

    private readonly ImageDecodeOptions? _imageOptions = imageOptions;

    /// <summary>Whether the content bytes are needed (<see cref="Generate"/> reads them only then).</summary>
    public static bool WantsContent(ReadOnlySpan<byte> head, string? contentType, string? fileName, long size) =>
        size <= MaxContentBytes && (IsImage(head) || IsText(contentType, fileName));

    /// <summary>The codes of a staged upload: its byte-level codes were computed while it streamed in.</summary>
    public async Task<WorkCodes> GenerateAsync(StagedContent staged, string? contentType, string? fileName, string? title,
        string? description, CancellationToken ct)
    {
        if (staged.Codes is not { } stream)
        {
            await using var reread = staged.Bytes is { } b ? new MemoryStream(b, writable: false) : (Stream)File.OpenRead(staged.Path!);
            return (await GenerateAsync(reread, contentType, fileName, title, description, ct)).Codes;
        }
        var content = WantsContent(staged.Head(), contentType, fileName, staged.Size) ? await staged.ReadAllAsync(ct) : [];
        return Generate(stream, staged.Size, content, contentType, fileName, title, description);
    }

    /// <summary>
    /// The SHA-256 and codes of a file read once from a stream that knows its length (a stored work, a checked file).
    /// </summary>
    public async Task<(string ContentHash, WorkCodes Codes)> GenerateAsync(Stream file, string? contentType, string? fileName,
        string? title, string? description, CancellationToken ct)
    {
        var size = file.Length;
        if (size > MaxContentBytes)
        {
            var (hash, streamed) = await ContentStore.HashWithCodesAsync(file, ct);
            return (hash, Generate(streamed, size, [], contentType, fileName, title, description));
        }
        var bytes = new byte[size];
        await file.ReadExactlyAsync(bytes, ct);
        var (contentHash, codes) = await ContentStore.HashWithCodesAsync(new MemoryStream(bytes, writable: false), ct);
        return (contentHash, Generate(codes, size, bytes, contentType, fileName, title, description));
    }

    /// <summary>
    /// The codes from the byte-level codes and, unless the file is over <see cref="MaxContentBytes"/>, its bytes
    /// (<paramref name="content"/> may be empty when <see cref="WantsContent"/> said they are not needed).
    /// </summary>
    public WorkCodes Generate(StreamCodes stream, long size, ReadOnlySpan<byte> content, string? contentType, string? fileName,
        string? title, string? description)
    {
        // A file checked without title (verification) has no Meta-Code; the others do not depend on it.
        var meta = string.IsNullOrWhiteSpace(title) ? null : MetaCode.Generate(title, description).Code;
        var (code, kind, reason, compare, image) = size > MaxContentBytes
            ? (null, null, $"files over {MaxContentBytes / (1024 * 1024)} MB get no Content-Code", null, null)
            : ContentCode(content, contentType, fileName);
        var units = new[] { meta, code, stream.Data, stream.Instance }.OfType<string>();
        return new WorkCodes(IsccCode.Compose(units), meta, code, stream.Data, stream.Instance, kind, reason, compare,
            image?.Regions ?? [], image?.Variants ?? []);
    }

    private (string? Code, string? Kind, string? Reason, SimilarityCodeKind? Compare, ImageFingerprint? Image) ContentCode(
        ReadOnlySpan<byte> content, string? contentType, string? fileName)
    {
        if (IsImage(content))
        {
            // The one place images are decoded for codes: one decode gives the ISCC Image-Code and our region and variant codes.
            var image = ImageFingerprint.Compute(content, _imageOptions);
            return image.Code is null
                ? (null, WorkCodes.ImageKind, image.Reason, null, null)
                : (image.Code, WorkCodes.ImageKind, null, SimilarityCodeKind.Image, image);
        }
        if (IsText(contentType, fileName))
        {
            var decoded = TextDecoder.Decode(content);
            if (!decoded.Succeeded) return (null, WorkCodes.TextKind, decoded.Reason, null, null);
            var text = TextCode.Generate(decoded.Text);
            return SimilarityFloor.TextTakesPart(text.Characters)
                ? (text.Code, WorkCodes.TextKind, null, SimilarityCodeKind.Text, null)
                : (text.Code, WorkCodes.TextKind,
                    $"the text has {text.Characters} characters after normalisation, fewer than the {SimilarityFloor.MinTextCharacters} it takes to compare texts",
                    null, null);
        }
        return (null, null, $"no Content-Code for {contentType ?? "files of unknown type"} (images: JPEG, PNG, WebP, GIF; text: UTF-8 plain text or Markdown)", null, null);
    }

    /// <summary>JPEG, PNG, GIF or WebP by their first bytes.</summary>
    public static bool IsImage(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        || head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)
        || (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8));

    private static bool IsText(string? contentType, string? fileName)
    {
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is "text/plain" or "text/markdown" or "text/x-markdown") return true;
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return (type is null or "application/octet-stream") && extension is ".txt" or ".md" or ".markdown";
    }
}
