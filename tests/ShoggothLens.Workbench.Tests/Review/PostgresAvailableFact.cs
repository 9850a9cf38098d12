using ShoggothLens.TestKit.Databases;

namespace ShoggothLens.Workbench.Tests.Review;

/// <summary>A fact that needs PostgreSQL's server binaries; skipped, with the reason shown, where they are absent.</summary>
public sealed class PostgresAvailableFactAttribute : FactAttribute
{
    public PostgresAvailableFactAttribute()
    {
        if (PostgresCluster.MissingReason is { } why) Skip = why;
    }
}
