using ShoggothLens.Web.Auth;

namespace ShoggothLens.Web.Tests.Auth;

public sealed class AccessModeTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://[::1]:5001/", true)]
    [InlineData("http://127.0.0.2:80", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    [InlineData("http://shoggoth.example.org", false)]
    public void Only_loopback_addresses_count_as_loopback(string url, bool loopback) => Assert.Equal(loopback, AccessMode.IsLoopback(url));

    [Fact]
    public void Loopback_serves_one_local_user_without_login() =>
        Assert.False(AccessMode.Decide("http://127.0.0.1:5000;http://[::1]:5000", users: 0, requireLogin: false).RequiresLogin);

    [Fact]
    public void Any_other_address_refuses_to_start_without_users_and_requires_login_with_them()
    {
        var refused = Assert.Throws<AccessConfigurationException>(() => AccessMode.Decide("http://127.0.0.1:5000;http://0.0.0.0:5000", users: 0, requireLogin: false));
        Assert.Contains("0.0.0.0", refused.Message);
        Assert.Contains("--hash-password", refused.Message);
        Assert.True(AccessMode.Decide("http://0.0.0.0:5000", users: 2, requireLogin: false).RequiresLogin);
        Assert.True(AccessMode.Decide("http://127.0.0.1:5000", users: 1, requireLogin: true).RequiresLogin);
        Assert.Throws<AccessConfigurationException>(() => AccessMode.Decide("http://127.0.0.1:5000", users: 0, requireLogin: true));
    }

    [Fact]
    public void The_server_itself_refuses_to_build_on_a_reachable_address_without_users()
    {
        var options = new Hosting.WebOptions([], FeaturesRoot: Path.Combine(Path.GetTempPath(), "none-" + Guid.NewGuid().ToString("N")), Urls: "http://0.0.0.0:0");
        var e = Assert.Throws<AccessConfigurationException>(() => Hosting.ShoggothWebApp.Build(options));
        Assert.Contains("refusing to serve", e.Message);
    }
}
