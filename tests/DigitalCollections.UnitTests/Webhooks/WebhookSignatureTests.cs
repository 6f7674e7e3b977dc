using System.Net;
using DigitalCollections.Api.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace DigitalCollections.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_matches_the_specifications_published_vector()
    {
        // The Standard Webhooks libraries' shared test vector.
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    [Fact]
    public void The_reference_implementation_signs_alike_and_accepts_our_headers_but_not_a_changed_body()
    {
        var secret = WebhookSignature.NewSecret();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        var id = WebhookSignature.MessageId(Guid.CreateVersion7());
        var now = DateTimeOffset.UtcNow;
        const string body = "{\"type\":\"work.registered\",\"data\":{\"tokenId\":1}}";
        var ours = WebhookSignature.Sign(secret, id, now.ToUnixTimeSeconds(), body);
        var reference = new StandardWebhook(secret);
        Assert.Equal(reference.Sign(id, now, body), ours);

        var headers = new HeaderDictionary
        {
            ["webhook-id"] = id, ["webhook-timestamp"] = now.ToUnixTimeSeconds().ToString(), ["webhook-signature"] = ours,
        };
        reference.Verify(body, headers); // throws when not valid
        Assert.ThrowsAny<Exception>(() => reference.Verify(body.Replace('1', '2'), headers));
    }

    [Fact]
    public void Retries_wait_the_first_delay_then_double_up_to_the_cap_and_24_hours_hold_dozens_of_attempts()
    {
        var options = new WebhookOptions();
        Assert.Equal(TimeSpan.FromSeconds(5), WebhookDispatcher.RetryDelay(1, options));
        Assert.Equal(TimeSpan.FromSeconds(10), WebhookDispatcher.RetryDelay(2, options));
        Assert.Equal(TimeSpan.FromSeconds(40), WebhookDispatcher.RetryDelay(4, options));
        Assert.Equal(TimeSpan.FromHours(1), WebhookDispatcher.RetryDelay(12, options));
        Assert.Equal(TimeSpan.FromHours(1), WebhookDispatcher.RetryDelay(1000, options));
        var elapsed = TimeSpan.Zero;
        var attempts = 1;
        while (elapsed < TimeSpan.FromHours(options.RetryForHours)) elapsed += WebhookDispatcher.RetryDelay(attempts++, options);
        Assert.InRange(attempts, 25, 40);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("2001:4860:4860::8888", true)]
    public void Only_public_addresses_count_as_public(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookAddressPolicy.IsPublic(IPAddress.Parse(address)));
}
