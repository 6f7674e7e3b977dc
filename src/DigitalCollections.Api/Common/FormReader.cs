using System.Globalization;

namespace DigitalCollections.Api.Common;

/// <summary>Reads multipart forms with problems that name the field at fault.</summary>
public static class FormReader
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, long maxUploadBytes, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "Send multipart/form-data.", "The request must be multipart/form-data with a 'file' part.", "contentType");
        if (request.ContentLength > maxUploadBytes + 1024 * 1024) throw TooLarge(maxUploadBytes);
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge(maxUploadBytes);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxUploadBytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "malformed-request",
                "The request could not be read.", $"The multipart body is malformed: {e.Message}", "file");
        }
    }

    public static ApiProblemException TooLarge(long maxUploadBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The file is too large.",
            $"Files up to {maxUploadBytes} bytes are accepted.", "file");

    public static string? Text(IFormCollection form, string field) =>
        form.TryGetValue(field, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;

    public static int? Integer(IFormCollection form, string field)
    {
        var text = Text(form, field);
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiProblemException.BadRequest(field, $"'{field}' must be a whole number.");
    }

    public static long? Long(IFormCollection form, string field)
    {
        var text = Text(form, field);
        if (text is null) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiProblemException.BadRequest(field, $"'{field}' must be a whole number.");
    }

    public static bool? Boolean(IFormCollection form, string field)
    {
        var text = Text(form, field);
        if (text is null) return null;
        return bool.TryParse(text, out var value)
            ? value
            : throw ApiProblemException.BadRequest(field, $"'{field}' must be true or false.");
    }
}
