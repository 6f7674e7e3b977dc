namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Sub types of Content- and Semantic-Codes. The composite ISCC-CODE reuses 0–4 for the media kind of its
/// Content-Code and adds <see cref="Sum"/> (Data + Instance only), <see cref="None"/> (no Content- or
/// Semantic-Code) and <see cref="Wide"/> (128-bit Data + Instance).
/// </summary>
public enum ContentSubType
{
    Text = 0,
    Image = 1,
    Audio = 2,
    Video = 3,
    Mixed = 4,
    Sum = 5,
    None = 6,
    Wide = 7,
}
