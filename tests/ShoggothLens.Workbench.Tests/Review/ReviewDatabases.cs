using ShoggothLens.TestKit.Databases;
using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Workbench.Tests.Review;

/// <summary>
/// The two databases every review-store test runs against: a SQLite file in a temporary folder, and a database in a
/// throwaway PostgreSQL cluster (started once for the test class, stopped after it).
/// </summary>
public sealed class ReviewDatabases : IDisposable
{
    readonly Lazy<PostgresCluster> _postgres = new(PostgresCluster.Start);
    readonly string _folder = Directory.CreateTempSubdirectory("shoggoth-reviews-").FullName;
    int _databases;

    public static TheoryData<string> Kinds => PostgresCluster.MissingReason is null ? new() { "sqlite", "postgresql" } : new() { "sqlite" };

    public ReviewDatabase Create(string kind) => kind switch
    {
        "sqlite" => ReviewDatabase.SqliteFile(Path.Combine(_folder, $"reviews-{Interlocked.Increment(ref _databases)}.db")),
        "postgresql" => ReviewDatabase.Parse(_postgres.Value.CreateDatabase($"reviews_{Interlocked.Increment(ref _databases)}")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public void Dispose()
    {
        if (_postgres.IsValueCreated) _postgres.Value.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
