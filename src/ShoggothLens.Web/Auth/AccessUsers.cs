using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ShoggothLens.Web.Auth;

/// <summary>
/// The configured users: from the configuration section <c>Shoggoth:Users</c> (appsettings.json, or environment
/// variables such as <c>Shoggoth__Users__0__Name</c>) and from a users file (<c>--users FILE</c>), which looks like
/// <code>{ "users": [ { "name": "ada", "passwordHash": "AQAAAAIAAYag…", "role": "Reviewer" } ] }</code>
/// Names are case-insensitive and unique; roles are Viewer or Reviewer.
/// </summary>
public sealed class AccessUsers
{
    readonly Dictionary<string, AccessUser> _byName;

    public AccessUsers(IEnumerable<AccessUser> users)
    {
        _byName = new Dictionary<string, AccessUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var u in users)
        {
            if (string.IsNullOrWhiteSpace(u.Name)) throw new AccessConfigurationException("a configured user has no name");
            if (string.IsNullOrWhiteSpace(u.PasswordHash)) throw new AccessConfigurationException($"user {u.Name} has no passwordHash (make one with `shoggoth serve --hash-password`)");
            if (!AccessRoles.IsKnown(u.Role)) throw new AccessConfigurationException($"user {u.Name} has role '{u.Role}'; the roles are {AccessRoles.Viewer} and {AccessRoles.Reviewer}");
            if (!_byName.TryAdd(u.Name, u)) throw new AccessConfigurationException($"user {u.Name} is configured twice");
        }
    }

    public int Count => _byName.Count;

    public AccessUser? Find(string? name) => name is not null && _byName.TryGetValue(name.Trim(), out var u) ? u : null;

    public static AccessUsers Load(IConfiguration configuration, string? usersFile)
    {
        var users = new List<AccessUser>();
        foreach (var section in configuration.GetSection("Shoggoth:Users").GetChildren())
            users.Add(new AccessUser(section["Name"] ?? "", section["PasswordHash"] ?? "", section["Role"] ?? ""));
        if (usersFile is not null) users.AddRange(ReadFile(usersFile));
        return new AccessUsers(users);
    }

    static IEnumerable<AccessUser> ReadFile(string path)
    {
        if (!File.Exists(path)) throw new AccessConfigurationException($"--users {path}: no such file");
        if (new FileInfo(path).Length > 1 << 20) throw new AccessConfigurationException($"--users {path}: over 1 MiB, not a users file");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("users", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new AccessConfigurationException($"--users {path}: expected {{ \"users\": [ ... ] }}");
            return list.EnumerateArray().Select(u => new AccessUser(Text(u, "name"), Text(u, "passwordHash"), Text(u, "role"))).ToList();
        }
        catch (JsonException e)
        {
            throw new AccessConfigurationException($"--users {path}: not JSON ({e.Message})", e);
        }
    }

    static string Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
