using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Works;
using DigitalCollections.UnitTests.TestSupport;
using FluentValidation.Results;

namespace DigitalCollections.UnitTests.Works;

public sealed class RegisterWorkValidatorTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Creator = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static readonly string Signature65 = "0x" + new string('a', 128) + "1b";
    private const string ApiKey = "dck_0123456789abcdef_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";

    private readonly RegisterWorkValidator _validator = new(new FixedTimeProvider(Now));

    private static StagedContent Content(long size = 12) =>
        new("/nonexistent/staging/file", "0xa948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447", size, null);

    private static RegisterWorkCommand SelfSigned() => new(
        Content(), "text/plain", "hello.txt", "Hello", "A greeting", 0,
        Creator, null, Now.ToUnixTimeSeconds() + 600, Signature65, null);

    private static RegisterWorkCommand Custodial() => new(
        Content(), "text/plain", "hello.txt", "Hello", null, 0,
        null, null, null, null, ApiKey);

    private ValidationResult Validate(RegisterWorkCommand command) => _validator.Validate(command);

    private void AssertValid(RegisterWorkCommand command)
    {
        var result = Validate(command);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }

    /// <summary>Exactly one property fails, and it is <paramref name="property"/>.</summary>
    private void AssertInvalid(RegisterWorkCommand command, string property)
    {
        var result = Validate(command);
        Assert.False(result.IsValid, $"expected '{property}' to fail");
        var failed = result.Errors.Select(e => e.PropertyName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal([property], failed, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_complete_self_signed_command_is_valid() => AssertValid(SelfSigned());

    [Fact]
    public void A_complete_custodial_command_is_valid() => AssertValid(Custodial());

    [Fact]
    public void A_missing_file_fails_on_file() => AssertInvalid(SelfSigned() with { Content = null }, "file");

    [Fact]
    public void An_empty_file_fails_on_file() => AssertInvalid(SelfSigned() with { Content = Content(size: 0) }, "file");

    [Fact]
    public void A_one_byte_file_is_valid() => AssertValid(SelfSigned() with { Content = Content(size: 1) });

    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    public void Title_of_1_to_200_characters_is_valid(int length) => AssertValid(SelfSigned() with { Title = new string('t', length) });

    [Fact]
    public void Title_with_surrounding_spaces_counts_trimmed() => AssertValid(SelfSigned() with { Title = "  " + new string('t', 200) + "  " });

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_or_blank_title_fails_on_title(string? title) => AssertInvalid(SelfSigned() with { Title = title }, "title");

    [Fact]
    public void Title_of_201_characters_fails_on_title() => AssertInvalid(SelfSigned() with { Title = new string('t', 201) }, "title");

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(5000)]
    public void Description_up_to_5000_characters_is_valid(int? length) =>
        AssertValid(SelfSigned() with { Description = length is null ? null : new string('d', length.Value) });

    [Fact]
    public void Description_of_5001_characters_fails_on_description() =>
        AssertInvalid(SelfSigned() with { Description = new string('d', 5001) }, "description");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(999)]
    [InlineData(1000)]
    public void Royalty_from_0_to_1000_is_valid(int royalty) => AssertValid(SelfSigned() with { RoyaltyBps = royalty });

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Royalty_outside_0_to_1000_fails_on_royaltyBps(int royalty) =>
        AssertInvalid(SelfSigned() with { RoyaltyBps = royalty }, "royaltyBps");

    [Fact]
    public void The_maximum_royalty_matches_the_contract() => Assert.Equal(1000, RegisterWorkValidator.MaxRoyaltyBps);

    [Theory]
    [InlineData(Other)]
    [InlineData("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc")]
    public void A_valid_to_address_is_accepted(string to) => AssertValid(SelfSigned() with { To = to });

    [Theory]
    [InlineData("")]
    [InlineData("3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")]       // no 0x
    [InlineData("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293B")]      // 39 digits
    [InlineData("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC0")]    // 41 digits
    [InlineData("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BG")]     // not hex
    [InlineData("alice.eth")]
    public void A_malformed_to_fails_on_to(string to) => AssertInvalid(SelfSigned() with { To = to }, "to");

    [Fact]
    public void The_zero_address_as_to_fails_on_to() =>
        AssertInvalid(SelfSigned() with { To = "0x0000000000000000000000000000000000000000" }, "to");

    [Fact]
    public void The_zero_address_as_to_fails_for_a_custodial_mint_too() =>
        AssertInvalid(Custodial() with { To = "0x0000000000000000000000000000000000000000" }, "to");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x1234")]
    [InlineData("70997970C51812dc3A010C7d01b50e0d17dc79C8")]
    public void Self_signed_needs_a_creator_address(string? creator) => AssertInvalid(SelfSigned() with { Creator = creator }, "creator");

    [Fact]
    public void Self_signed_needs_a_deadline() => AssertInvalid(SelfSigned() with { Deadline = null }, "deadline");

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void A_deadline_that_is_not_in_the_future_fails(long offsetSeconds) =>
        AssertInvalid(SelfSigned() with { Deadline = Now.ToUnixTimeSeconds() + offsetSeconds }, "deadline");

    [Fact]
    public void A_deadline_one_second_ahead_is_valid() => AssertValid(SelfSigned() with { Deadline = Now.ToUnixTimeSeconds() + 1 });

    [Fact]
    public void The_deadline_follows_the_injected_clock()
    {
        var deadline = Now.ToUnixTimeSeconds() + 60;
        Assert.True(new RegisterWorkValidator(new FixedTimeProvider(Now)).Validate(SelfSigned() with { Deadline = deadline }).IsValid);
        Assert.False(new RegisterWorkValidator(new FixedTimeProvider(Now.AddMinutes(2))).Validate(SelfSigned() with { Deadline = deadline }).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Self_signed_needs_a_signature(string? signature) => AssertInvalid(SelfSigned() with { Signature = signature }, "signature");

    [Theory]
    [InlineData("0x")]
    [InlineData("0xabc")]                 // odd number of digits
    [InlineData("aa")]                    // no 0x
    [InlineData("0xzz")]
    [InlineData("not a signature")]
    public void A_malformed_signature_fails_on_signature(string signature) =>
        AssertInvalid(SelfSigned() with { Signature = signature }, "signature");

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(4096)]
    public void Signatures_of_other_lengths_are_allowed_for_smart_wallets(int bytes) =>
        AssertValid(SelfSigned() with { Signature = "0x" + new string('b', bytes * 2) });

    [Fact]
    public void A_signature_longer_than_4096_bytes_fails() =>
        AssertInvalid(SelfSigned() with { Signature = "0x" + new string('b', 4097 * 2) }, "signature");

    [Fact]
    public void A_custodial_mint_needs_no_creator_deadline_or_signature() =>
        AssertValid(Custodial() with { Deadline = null, Creator = null, Signature = null });

    [Fact]
    public void An_api_key_and_a_signature_together_fail_on_signature() =>
        AssertInvalid(Custodial() with { Signature = Signature65 }, "signature");

    [Fact]
    public void An_api_key_and_a_creator_together_fail_on_creator() =>
        AssertInvalid(Custodial() with { Creator = Creator }, "creator");

    [Fact]
    public void Each_failing_field_is_reported_once()
    {
        var result = Validate(new RegisterWorkCommand(null, null, null, null, new string('d', 5001), 2000, null, "0x0", null, null, null));
        var failed = result.Errors.Select(e => e.PropertyName.ToLowerInvariant()).ToList();
        Assert.Equal(failed.Distinct().Count(), failed.Count);
        Assert.Equal(["creator", "deadline", "description", "file", "royaltybps", "signature", "title", "to"], failed.Order());
    }

    [Fact]
    public void Messages_name_the_field_in_camelCase()
    {
        var result = Validate(SelfSigned() with { RoyaltyBps = 1001, Title = "" });
        Assert.Contains(result.Errors, e => e.ErrorMessage.Contains("'royaltyBps'"));
        Assert.Contains(result.Errors, e => e.ErrorMessage.Contains("'title'"));
    }
}
