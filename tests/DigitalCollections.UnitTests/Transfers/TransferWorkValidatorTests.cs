using DigitalCollections.Api.Transfers;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Transfers;

public sealed class TransferWorkValidatorTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Owner = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Receiver = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static readonly string Signature65 = "0x" + new string('a', 128) + "1c";
    private const string ApiKey = "dck_0123456789abcdef_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";

    private readonly TransferWorkValidator _validator = new(new FixedTimeProvider(Now));

    private static TransferWorkCommand OwnerSigned() =>
        new("1", Owner, Receiver, Now.ToUnixTimeSeconds() + 600, Signature65, null, null);

    private static TransferWorkCommand Custodial() => new("1", null, Receiver, null, null, null, ApiKey);

    private void AssertValid(TransferWorkCommand command)
    {
        var result = _validator.Validate(command);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }

    private void AssertInvalid(TransferWorkCommand command, string property)
    {
        var result = _validator.Validate(command);
        Assert.False(result.IsValid, $"expected '{property}' to fail");
        Assert.Equal([property], result.Errors.Select(e => e.PropertyName).Distinct(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_complete_owner_signed_command_is_valid() => AssertValid(OwnerSigned());

    [Fact]
    public void A_complete_custodial_command_is_valid() => AssertValid(Custodial());

    [Theory]
    [InlineData("1")]
    [InlineData("123456789")]
    [InlineData("9223372036854775807")]
    public void A_positive_token_id_is_valid(string tokenId) => AssertValid(OwnerSigned() with { TokenId = tokenId });

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1.0")]
    [InlineData("0x1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("9223372036854775808")] // beyond long
    public void A_token_id_that_is_not_a_positive_whole_number_fails(string tokenId) =>
        AssertInvalid(OwnerSigned() with { TokenId = tokenId }, "tokenId");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x1234")]
    [InlineData("3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")]
    [InlineData("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BG")]
    public void A_missing_or_malformed_to_fails_on_to(string? to) => AssertInvalid(OwnerSigned() with { To = to }, "to");

    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000")]
    public void The_zero_address_as_to_fails_on_to(string to)
    {
        AssertInvalid(OwnerSigned() with { To = to }, "to");
        AssertInvalid(Custodial() with { To = to }, "to");
    }

    [Fact]
    public void A_missing_to_is_reported_once()
    {
        var result = _validator.Validate(OwnerSigned() with { To = null });
        Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    [InlineData(7L)]
    public void A_nonce_of_zero_or_more_is_valid(long? nonce) => AssertValid(OwnerSigned() with { Nonce = nonce });

    [Fact]
    public void A_negative_nonce_fails_on_nonce() => AssertInvalid(OwnerSigned() with { Nonce = -1 }, "nonce");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x1234")]
    public void Owner_signed_needs_a_from_address(string? from) => AssertInvalid(OwnerSigned() with { From = from }, "from");

    [Fact]
    public void Owner_signed_needs_a_deadline() => AssertInvalid(OwnerSigned() with { Deadline = null }, "deadline");

    [Theory]
    [InlineData(-3600)]
    [InlineData(-1)]
    [InlineData(0)]
    public void A_deadline_that_is_not_in_the_future_fails(long offset) =>
        AssertInvalid(OwnerSigned() with { Deadline = Now.ToUnixTimeSeconds() + offset }, "deadline");

    [Fact]
    public void A_deadline_one_second_ahead_is_valid() => AssertValid(OwnerSigned() with { Deadline = Now.ToUnixTimeSeconds() + 1 });

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x123")]
    [InlineData("1234")]
    [InlineData("0xgg")]
    public void Owner_signed_needs_a_hex_signature(string? signature) => AssertInvalid(OwnerSigned() with { Signature = signature }, "signature");

    [Fact]
    public void A_signature_longer_than_4096_bytes_fails() =>
        AssertInvalid(OwnerSigned() with { Signature = "0x" + new string('c', 4097 * 2) }, "signature");

    [Fact]
    public void A_custodial_transfer_needs_no_from_deadline_or_signature() => AssertValid(Custodial());

    [Fact]
    public void An_api_key_and_a_signature_together_fail_on_signature() =>
        AssertInvalid(Custodial() with { Signature = Signature65 }, "signature");

    [Fact]
    public void A_custodial_transfer_still_checks_token_id_and_nonce()
    {
        AssertInvalid(Custodial() with { TokenId = "0" }, "tokenId");
        AssertInvalid(Custodial() with { Nonce = -1 }, "nonce");
    }
}
