using Microsoft.Extensions.Configuration;
using ShoggothLens.Web.Auth;

namespace ShoggothLens.Web.Tests.Auth;

public sealed class AccessUsersTests : IDisposable
{
    readonly string _file = Path.Combine(Path.GetTempPath(), "users-" + Guid.NewGuid().ToString("N") + ".json");
    static readonly string Hash = AccessPasswords.Hash("pw");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Users_come_from_configuration_and_from_a_users_file()
    {
        File.WriteAllText(_file, $$"""{ "users": [ { "name": "vic", "passwordHash": "{{Hash}}", "role": "Viewer" } ] }""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shoggoth:Users:0:Name"] = "ada", ["Shoggoth:Users:0:PasswordHash"] = Hash, ["Shoggoth:Users:0:Role"] = "Reviewer",
        }).Build();

        var users = AccessUsers.Load(configuration, _file);

        Assert.Equal(2, users.Count);
        Assert.Equal(AccessRoles.Reviewer, users.Find("ADA")!.Role);
        Assert.Equal(AccessRoles.Viewer, users.Find(" vic ")!.Role);
        Assert.Null(users.Find("eve"));
    }

    [Theory]
    [InlineData("""{ "users": [ { "name": "ada", "passwordHash": "H", "role": "Admin" } ] }""", "role 'Admin'")]
    [InlineData("""{ "users": [ { "name": "ada", "passwordHash": "H", "role": "Viewer" }, { "name": "Ada", "passwordHash": "H", "role": "Viewer" } ] }""", "twice")]
    [InlineData("""{ "users": [ { "name": "ada", "role": "Viewer" } ] }""", "no passwordHash")]
    [InlineData("""[ 1, 2 ]""", "expected")]
    [InlineData("""{ "users": [ """, "not JSON")]
    public void A_bad_users_file_stops_the_server_with_a_clear_message(string json, string expected)
    {
        File.WriteAllText(_file, json);
        var e = Assert.Throws<AccessConfigurationException>(() => AccessUsers.Load(new ConfigurationBuilder().Build(), _file));
        Assert.Contains(expected, e.Message);
    }
}
