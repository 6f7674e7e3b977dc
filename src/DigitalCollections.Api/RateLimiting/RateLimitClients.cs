using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Common;

namespace DigitalCollections.Api.RateLimiting;

/// <summary>Who a request counts against: its API key or its network address, as partition keys.</summary>
public static class RateLimitClients
{
    /// <summary>
    /// The client's address. IPv6 counts by its /64: one host is usually handed a whole /64, so counting single
    /// addresses would give it billions of budgets. Behind a reverse proxy this is the proxy unless forwarded
    /// headers are honoured (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true).
    /// </summary>
    public static string Address(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "ip:unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return "ip:" + address;
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return "ip:" + new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// A well-formed API key's SHA-256 (the key itself is never kept or logged), else null. The key is not checked
    /// here: a made-up key gets a budget of its own, which is why keyed writes also share one per address.
    /// </summary>
    public static string? ApiKey(HttpContext context) =>
        context.Request.BearerToken() is { } key && ApiKeys.TryParse(key, out _, out _)
            ? "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))
            : null;

    /// <summary>The API key when the request carries a well-formed one, else the address.</summary>
    public static string KeyOrAddress(HttpContext context) => ApiKey(context) ?? Address(context);
}
