using System.Net;
using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace DigitalCollections.UnitTests.RateLimiting;

public sealed class RateLimitClientsTests
{
    private static DefaultHttpContext Request(string? address, string? authorization = null)
    {
        var context = new DefaultHttpContext();
        if (address is not null) context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        return context;
    }

    [Fact]
    public void An_ipv4_client_counts_by_its_address_also_when_it_arrives_as_ipv6()
    {
        Assert.Equal("ip:203.0.113.7", RateLimitClients.Address(Request("203.0.113.7")));
        Assert.Equal("ip:203.0.113.7", RateLimitClients.Address(Request("::ffff:203.0.113.7")));
        Assert.NotEqual(RateLimitClients.Address(Request("203.0.113.7")), RateLimitClients.Address(Request("203.0.113.8")));
    }

    [Fact]
    public void An_ipv6_client_counts_by_its_64_bit_prefix()
    {
        var one = RateLimitClients.Address(Request("2001:db8:1:2:aaaa::1"));
        Assert.Equal("ip:2001:db8:1:2::/64", one);
        Assert.Equal(one, RateLimitClients.Address(Request("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        Assert.NotEqual(one, RateLimitClients.Address(Request("2001:db8:1:3::1")));
    }

    [Fact]
    public void A_request_without_a_known_address_still_has_a_client()
    {
        Assert.Equal("ip:unknown", RateLimitClients.Address(Request(null)));
    }

    [Fact]
    public void A_well_formed_api_key_counts_by_its_hash_never_by_the_key_itself()
    {
        var (first, _, _) = ApiKeys.Create();
        var (second, _, _) = ApiKeys.Create();
        var client = RateLimitClients.KeyOrAddress(Request("203.0.113.7", "Bearer " + first));

        Assert.StartsWith("key:", client);
        Assert.Equal(client, RateLimitClients.KeyOrAddress(Request("198.51.100.1", "Bearer " + first))); // the key, wherever it comes from
        Assert.NotEqual(client, RateLimitClients.KeyOrAddress(Request("203.0.113.7", "Bearer " + second)));
        var secret = first.Split('_', 3)[2];
        Assert.DoesNotContain(secret, client);
        Assert.DoesNotContain(first[4..20], client); // nor its key id
    }

    [Theory]
    [InlineData("Bearer not-a-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public void Anything_but_a_well_formed_key_counts_by_address(string authorization)
    {
        Assert.Null(RateLimitClients.ApiKey(Request("203.0.113.7", authorization)));
        Assert.Equal("ip:203.0.113.7", RateLimitClients.KeyOrAddress(Request("203.0.113.7", authorization)));
    }
}
