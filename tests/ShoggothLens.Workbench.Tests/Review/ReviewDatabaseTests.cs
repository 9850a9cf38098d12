using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Workbench.Tests.Review;

public sealed class ReviewDatabaseTests
{
    [Theory]
    [InlineData("Host=db.internal;Port=5433;Database=reviews;Username=u;Password=p", ReviewDatabase.Provider.PostgreSql)]
    [InlineData("Server=db;Database=reviews;User Id=u", ReviewDatabase.Provider.PostgreSql)]
    [InlineData("Data Source=/tmp/r.db", ReviewDatabase.Provider.Sqlite)]
    [InlineData("Filename=r.db", ReviewDatabase.Provider.Sqlite)]
    public void A_connection_string_picks_its_provider(string connection, ReviewDatabase.Provider expected) =>
        Assert.Equal(expected, ReviewDatabase.Parse(connection).Kind);

    [Fact]
    public void A_postgresql_uri_becomes_a_keyword_connection_string_and_its_password_is_never_described()
    {
        var database = ReviewDatabase.Parse("postgresql://ada:s%40cret@db.internal:5433/reviews");
        Assert.Equal(ReviewDatabase.Provider.PostgreSql, database.Kind);
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = database.ConnectionString };
        Assert.Equal(("db.internal", "5433", "reviews", "ada", "s@cret"),
            (parsed["host"].ToString(), parsed["port"].ToString(), parsed["database"].ToString(), parsed["username"].ToString(), parsed["password"].ToString()));
        Assert.DoesNotContain("s@cret", database.Describe());
        Assert.Contains("db.internal", database.Describe());
    }

    [Theory]
    [InlineData("just words")]
    [InlineData("Mode=ReadOnly")]
    public void Anything_else_is_refused_with_a_clear_message(string connection) =>
        Assert.Contains("--db", Assert.Throws<ArgumentException>(() => ReviewDatabase.Parse(connection)).Message);
}
