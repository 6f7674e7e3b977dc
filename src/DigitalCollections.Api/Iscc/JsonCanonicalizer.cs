using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// JSON Canonicalization Scheme (RFC 8785): object members sorted by their UTF-16 code units, no
/// insignificant whitespace, strings with the minimal escapes, numbers as ECMAScript writes them. ISCC
/// hashes structured metadata in this form so that every implementation hashes the same bytes.
/// </summary>
public static class JsonCanonicalizer
{
    public static byte[] Canonicalize(JsonElement element)
    {
        var builder = new StringBuilder();
        Write(element, builder);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void Write(JsonElement element, StringBuilder output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                for (var i = 1; i < members.Count; i++)
                {
                    if (members[i].Name == members[i - 1].Name) throw new FormatException($"duplicate JSON member \"{members[i].Name}\"");
                }
                output.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0) output.Append(',');
                    WriteString(members[i].Name, output);
                    output.Append(':');
                    Write(members[i].Value, output);
                }
                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) output.Append(',');
                    first = false;
                    Write(item, output);
                }
                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                break;
            case JsonValueKind.Number:
                output.Append(FormatNumber(element.GetDouble()));
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                throw new FormatException($"cannot canonicalize a JSON {element.ValueKind}");
        }
    }

    /// <summary>A JSON string as RFC 8785 writes it (the minimal escapes); a lone surrogate has no form and throws.</summary>
    internal static void WriteString(string value, StringBuilder output)
    {
        output.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                output.Append(c).Append(value[++i]);
                continue;
            }
            if (char.IsSurrogate(c)) throw new FormatException("JSON string with a lone surrogate");
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case < ' ': output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: output.Append(c); break;
            }
        }
        output.Append('"');
    }

    /// <summary>ECMAScript's Number.prototype.toString for a finite double (the shortest round-trip digits).</summary>
    internal static string FormatNumber(double value)
    {
        if (!double.IsFinite(value)) throw new FormatException("JSON numbers are finite");
        if (value == 0) return "0";
        var sign = value < 0 ? "-" : "";
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int point; // the value is 0.digits × 10^point
        var e = shortest.IndexOf('E');
        if (e >= 0)
        {
            var mantissa = shortest[..e];
            digits = mantissa.Replace(".", "", StringComparison.Ordinal);
            point = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) + 1;
        }
        else
        {
            var dot = shortest.IndexOf('.');
            var integer = dot < 0 ? shortest : shortest[..dot];
            var fraction = dot < 0 ? "" : shortest[(dot + 1)..];
            if (integer != "0")
            {
                digits = integer + fraction;
                point = integer.Length;
            }
            else
            {
                var zeros = fraction.Length - fraction.TrimStart('0').Length;
                digits = fraction[zeros..];
                point = -zeros;
            }
        }
        var trimmed = digits.TrimStart('0');
        point -= digits.Length - trimmed.Length;
        digits = trimmed.TrimEnd('0');
        var k = digits.Length;
        string text;
        if (k <= point && point <= 21) text = digits + new string('0', point - k);
        else if (0 < point && point <= 21) text = digits[..point] + "." + digits[point..];
        else if (-6 < point && point <= 0) text = "0." + new string('0', -point) + digits;
        else
        {
            var exponent = point - 1;
            var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
            text = mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        }
        return sign + text;
    }
}
