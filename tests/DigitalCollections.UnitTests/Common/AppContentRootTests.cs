using DigitalCollections.Api.Common;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Common;

/// <summary>appsettings.json is read from beside the dll unless the working directory has one or a content root was given.</summary>
public sealed class AppContentRootTests : IDisposable
{
    private readonly TempDirectory _cwd = new();
    private readonly TempDirectory _app = new();

    public AppContentRootTests() => File.WriteAllText(Path.Combine(_app.Path, "appsettings.json"), "{}");

    public void Dispose()
    {
        _cwd.Dispose();
        _app.Dispose();
    }

    private static string? NoEnvironment(string _) => null;

    [Fact]
    public void A_working_directory_without_settings_reads_the_ones_beside_the_dll() =>
        Assert.Equal(_app.Path, AppContentRoot.Choose([], _cwd.Path, _app.Path, NoEnvironment));

    [Fact]
    public void A_working_directory_with_settings_keeps_the_default()
    {
        File.WriteAllText(Path.Combine(_cwd.Path, "appsettings.json"), "{}");
        Assert.Null(AppContentRoot.Choose([], _cwd.Path, _app.Path, NoEnvironment));
    }

    [Theory]
    [InlineData("--contentRoot=/srv/api")]
    [InlineData("--contentroot")]
    [InlineData("/contentRoot")]
    public void A_content_root_on_the_command_line_wins(string argument) =>
        Assert.Null(AppContentRoot.Choose([argument, "/srv/api"], _cwd.Path, _app.Path, NoEnvironment));

    [Theory]
    [InlineData("ASPNETCORE_CONTENTROOT")]
    [InlineData("DOTNET_CONTENTROOT")]
    public void A_content_root_in_the_environment_wins(string variable) =>
        Assert.Null(AppContentRoot.Choose([], _cwd.Path, _app.Path, name => name == variable ? "/srv/api" : null));

    [Fact]
    public void Without_a_copy_beside_the_dll_nothing_changes()
    {
        File.Delete(Path.Combine(_app.Path, "appsettings.json"));
        Assert.Null(AppContentRoot.Choose([], _cwd.Path, _app.Path, NoEnvironment));
    }
}
