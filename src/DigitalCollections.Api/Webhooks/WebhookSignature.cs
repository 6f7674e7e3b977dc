using System.Security.Cryptography;
using System.Text;

namespace DigitalCollections.Api.Webhooks;

/// <summary>
/// Standard Webhooks signing: the secret is "whsec_" + base64 of random key bytes; the signature of a message is
/// "v1," + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")). Checked in a unit test against
/// the specification's published vector and the StandardWebhooks package.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret of 32 random bytes (the specification asks for 24 to 64).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signed = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(signed);
    }

    /// <summary>The webhook-id of a delivery: stable across attempts and restarts.</summary>
    public static string MessageId(Guid deliveryId) => "msg_" + deliveryId.ToString("N");
}
