using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ShoggothLens.Workbench.Review;

/// <summary>
/// Where reviews are stored: a SQLite file beside the catalog by default (<c>reviews.db</c>, created on first
/// use), or a PostgreSQL database shared by a team when the connection string is a PostgreSQL one
/// (<c>Host=…;Database=…</c> or a <c>postgresql://</c> URI).
/// </summary>
public sealed record ReviewDatabase(ReviewDatabase.Provider Kind, string ConnectionString)
{
    public enum Provider { Sqlite, PostgreSql }

    /// <summary>The SQLite file at <paramref name="path"/> (created with the schema on first use).</summary>
    public static ReviewDatabase SqliteFile(string path) =>
        new(Provider.Sqlite, new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true }.ToString());

    /// <summary>Reads a <c>--db</c> value: a PostgreSQL connection string or URI, or else a SQLite one.</summary>
    public static ReviewDatabase Parse(string connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        if (connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new(Provider.PostgreSql, FromUri(new Uri(connection)));
        var builder = new DbConnectionStringBuilder();
        try { builder.ConnectionString = connection; }
        catch (ArgumentException e) { throw new ArgumentException($"--db: not a connection string ({e.Message})", e); }
        bool postgres = builder.ContainsKey("host") || builder.ContainsKey("server") && builder.ContainsKey("database") && !builder.ContainsKey("data source");
        if (postgres) return new(Provider.PostgreSql, connection);
        if (!builder.ContainsKey("data source") && !builder.ContainsKey("datasource") && !builder.ContainsKey("filename"))
            throw new ArgumentException("--db: neither a PostgreSQL connection string (Host=…) nor a SQLite one (Data Source=…)");
        return new(Provider.Sqlite, connection);
    }

    internal DbContextOptions<ReviewDbContext> Options()
    {
        var options = new DbContextOptionsBuilder<ReviewDbContext>();
        if (Kind == Provider.PostgreSql) options.UseNpgsql(ConnectionString);
        else options.UseSqlite(ConnectionString);
        return options.Options;
    }

    /// <summary>The connection string without its password (for logs and the home page).</summary>
    public string Describe()
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        foreach (string key in new[] { "password", "pwd" }) if (builder.ContainsKey(key)) builder[key] = "***";
        return $"{(Kind == Provider.PostgreSql ? "PostgreSQL" : "SQLite")}: {builder.ConnectionString}";
    }

    static string FromUri(Uri uri)
    {
        var builder = new DbConnectionStringBuilder { ["Host"] = uri.Host };
        if (uri.Port > 0) builder["Port"] = uri.Port;
        string database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0) builder["Database"] = Uri.UnescapeDataString(database);
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder["Username"] = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder["Password"] = Uri.UnescapeDataString(parts[1]);
        }
        return builder.ConnectionString;
    }
}
