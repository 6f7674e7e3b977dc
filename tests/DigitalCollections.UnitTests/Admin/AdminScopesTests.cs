using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Admin;

namespace DigitalCollections.UnitTests.Admin;

public sealed class AdminScopesTests
{
    [Fact]
    public void A_list_parses_to_a_sorted_set()
    {
        Assert.Equal(["operator", "webhooks"], AdminScopes.Parse(" webhooks,Operator,webhooks ", out _));
        Assert.Equal(AdminScopes.All.Order(StringComparer.Ordinal), AdminScopes.Parse("all", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("webhooks,root")]
    [InlineData("all,webhooks")]
    public void Empty_or_unknown_scopes_are_refused(string list)
    {
        Assert.Null(AdminScopes.Parse(list, out var error));
        Assert.Contains("webhooks", error); // names the scopes there are
    }

    [Fact]
    public void Admin_keys_and_account_keys_are_told_apart_by_form()
    {
        var (admin, adminId, _) = ApiKeys.Create(ApiKeys.AdminPrefix);
        var (account, _, _) = ApiKeys.Create();
        Assert.StartsWith("dca_", admin);
        Assert.True(ApiKeys.TryParse(admin, ApiKeys.AdminPrefix, out var parsed, out _));
        Assert.Equal(adminId, parsed);
        Assert.False(ApiKeys.TryParse(admin, out _, out _));
        Assert.False(ApiKeys.TryParse(account, ApiKeys.AdminPrefix, out _, out _));
        Assert.True(ApiKeys.LooksLikeAdminKey(admin));
        Assert.False(ApiKeys.LooksLikeAdminKey(account));
    }
}
