using DigitalCollections.Api.Accounts;

namespace DigitalCollections.UnitTests.Accounts;

public sealed class CreateAccountValidatorTests
{
    private readonly CreateAccountValidator _validator = new();

    [Theory]
    [InlineData("a")]
    [InlineData("Alice")]
    [InlineData("  Alice  ")]
    public void A_name_is_valid(string name) => Assert.True(_validator.Validate(new CreateAccountCommand(name)).IsValid);

    [Fact]
    public void A_name_of_100_characters_is_valid() => Assert.True(_validator.Validate(new CreateAccountCommand(new string('n', 100))).IsValid);

    [Fact]
    public void A_name_of_100_characters_with_padding_is_valid() =>
        Assert.True(_validator.Validate(new CreateAccountCommand("  " + new string('n', 100) + " ")).IsValid);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void A_missing_or_blank_name_fails_on_name(string? name)
    {
        var result = _validator.Validate(new CreateAccountCommand(name));
        var error = Assert.Single(result.Errors);
        Assert.Equal("name", error.PropertyName, ignoreCase: true);
        Assert.Contains("'name'", error.ErrorMessage);
    }

    [Fact]
    public void A_name_of_101_characters_fails_on_name()
    {
        var result = _validator.Validate(new CreateAccountCommand(new string('n', 101)));
        var error = Assert.Single(result.Errors);
        Assert.Equal("name", error.PropertyName, ignoreCase: true);
        Assert.Contains("100", error.ErrorMessage);
    }
}
