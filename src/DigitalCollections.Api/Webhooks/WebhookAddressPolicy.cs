using System.Net;
using System.Net.Sockets;
using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Webhooks;

/// <summary>
/// Against server-side request forgery: a webhook URL is an address an operator makes this server call. Unless
/// private addresses are allowed (<see cref="WebhookOptions.AllowPrivateAddresses"/>; by default only on chain
/// 31337), a receiver must be https and public: loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
/// link-local (169.254/16 with the cloud metadata address, fe80::/10), shared (100.64/10), unspecified and
/// multicast addresses are refused when the endpoint is registered and again at each connection, on the address
/// the name resolves to then. Redirects are not followed.
/// </summary>
public sealed class WebhookAddressPolicy(IOptions<WebhookOptions> options, Deployment deployment)
{
    public bool AllowsPrivate => options.Value.AllowPrivateAddresses ?? deployment.ChainId == ChainOptions.LocalDevelopmentChainId;

    /// <summary>Why <paramref name="url"/> may not be a receiver, or null when it may.</summary>
    public string? Refusal(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.UserInfo))
            return "'url' must be an absolute http or https URL without credentials, at most 2000 characters.";
        if (AllowsPrivate) return null;
        if (uri.Scheme != Uri.UriSchemeHttps) return "'url' must be https (http only where private receivers are allowed: Webhooks:AllowPrivateAddresses).";
        if (uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host, out var ip) && !IsPublic(ip)))
            return "'url' points at a loopback or private address; receivers must be public (Webhooks:AllowPrivateAddresses allows others).";
        return null;
    }

    /// <summary>The connection of a delivery: to the first address of the name that is allowed, never to a refused one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!AllowsPrivate && addresses.Any(a => !IsPublic(a)))
            throw new HttpRequestException($"{host} resolves to a non-public address; refused (Webhooks:AllowPrivateAddresses).");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
        }
        var v6 = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (v6[0] & 0xfe) == 0xfc);
    }
}
