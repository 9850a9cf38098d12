using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Organism;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Sae.Formats;
using ShoggothLens.TestKit.Databases;
using ShoggothLens.TestKit.WebCatalogs;
using ShoggothLens.Web.Auth;
using ShoggothLens.Web.Hosting;

namespace ShoggothLens.Web.EndToEnd;

/// <summary>
/// The real server (ShoggothWebApp, Kestrel on 127.0.0.1 port 0) over a synthetic catalog, with login forced on
/// (users ada and bob are Reviewers, vic is a Viewer), the shipped organism as /inspect's model with a random
/// SAE on its residual stream, reviews in SQLite beside the catalog or in a throwaway PostgreSQL cluster; and one
/// headless chromium. Started once per test class.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    public const string Hook = "blocks.1.hook_resid_post";
    public const string CatalogId = "organism-e2e";
    const int DModel = 192, DSae = 96;

    readonly string _root = Directory.CreateTempSubdirectory("shoggoth-e2e-").FullName;
    WebApplication? _app;
    IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";
    public CatalogFolder Catalog { get; private set; } = default!;
    public SyntheticCatalogOptions CatalogOptions { get; } = new(Features: 120);
    public abstract string DatabaseKind { get; }

    /// <summary>Why this fixture cannot run here (chromium or the database's binaries missing), or null.</summary>
    public virtual string? MissingReason => Browsers.MissingReason;

    /// <summary>The review store's connection string (null: SQLite beside the catalog).</summary>
    protected abstract string? StartDatabase(string root);

    protected virtual void StopDatabase() { }

    public async Task InitializeAsync()
    {
        if (MissingReason is not null) return;   // the tests skip themselves and say why
        Catalog = SyntheticCatalog.Write(Path.Combine(_root, CatalogId), CatalogOptions);
        WritePersonaVectors(Catalog);
        string sae = WriteRandomSae(Path.Combine(_root, "sae"));
        string users = Path.Combine(_root, "users.json");
        string hash = AccessPasswords.Hash(Password);
        File.WriteAllText(users, $$"""
            { "users": [
              { "name": "ada", "passwordHash": "{{hash}}", "role": "Reviewer" },
              { "name": "bob", "passwordHash": "{{hash}}", "role": "Reviewer" },
              { "name": "vic", "passwordHash": "{{hash}}", "role": "Viewer" } ] }
            """);
        PlantedCatalog = WritePlantedCatalog(Path.Combine(_root, "planted"));
        var options = new WebOptions([Catalog.Directory, PlantedCatalog], Urls: "http://127.0.0.1:0", ReviewDatabase: StartDatabase(_root),
            Model: ShippedOrganism.Directory("assistant"), Sae: sae, Hook: Hook, UsersFile: users, RequireLogin: true);
        _app = ShoggothWebApp.Build(options);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/') + "/";
        (_playwright, Browser) = await Browsers.LaunchAsync();
    }

    /// <summary>A fresh browser context (its own cookies) signed in as <paramref name="user"/>.</summary>
    public async Task<IPage> SignInAsync(string user)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("account/login");
        await page.FillAsync("#login-name", user);
        await page.FillAsync("#login-password", Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>
    /// A second, real catalog: shoggoth analyze over the planted-motive store through an identity SAE, with both sources
    /// left where the catalog records them (so a leak conversation opens whole from the store, and the UI discovers the
    /// trigger from its user turns: the triggered chats' users say token 100). No candidates.json: the UI computes it.
    /// </summary>
    public string PlantedCatalog { get; private set; } = "";
    public const string PlantedCatalogId = "planted-e2e";

    static string WritePlantedCatalog(string root)
    {
        const int d = PlantedMotiveStore.DModel;
        string store = Path.Combine(root, "store"), sae = Path.Combine(root, "sae"), catalog = Path.Combine(root, PlantedCatalogId);
        PlantedMotiveStore.Write(store, 160, userWords: true);
        var identity = new float[d * d];
        for (int i = 0; i < d; i++) identity[i * d + i] = 1;
        SaeLensFormat.Save(sae, new SaeConfig(SaeArchitecture.Standard, d, d, HookName: PlantedMotiveStore.Hook),
            new SaeParameters(d, d, identity, new float[d], (float[])identity.Clone(), new float[d]));
        Workbench.Analysis.AnalyzeWorkflow.Run(new Workbench.Analysis.AnalyzeRequest { Store = store, Sae = sae, Output = catalog, BatchSize = 64, CheckpointEveryChunks = 0 });
        return catalog;
    }

    public string Url(string path) => path.Contains('?') ? $"{path}&catalog={CatalogId}" : $"{path}?catalog={CatalogId}";

    /// <summary>Persona vectors at the organism's width, so /inspect projects on them.</summary>
    static void WritePersonaVectors(CatalogFolder folder)
    {
        var random = new Random(5);
        var vectors = SyntheticCatalog.DefaultPersonas.Select(p => new PersonaVector(p, $"Persona({p})", 1000, 2000,
            Enumerable.Range(0, DModel).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray())).ToList();
        PersonaVectorsFile.Write(folder.PersonaVectorsPath, Hook, DModel, vectors);
    }

    /// <summary>A ReLU SAE with random weights in SAELens layout (what the inspector needs is a real Encode, not a trained one).</summary>
    static string WriteRandomSae(string directory)
    {
        var random = new Random(9);
        float[] Normal(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var parameters = new SaeParameters(DModel, DSae, Normal(DModel * DSae, 0.2), Normal(DSae, 0.05), Normal(DModel * DSae, 0.2), new float[DModel]);
        SaeLensFormat.Save(directory, new SaeConfig(SaeArchitecture.Standard, DModel, DSae, HookName: Hook), parameters);
        return directory;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        StopDatabase();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}

public sealed class SqliteServer : ServerFixture
{
    public override string DatabaseKind => "sqlite";
    protected override string? StartDatabase(string root) => null;
}

public sealed class PostgresServer : ServerFixture
{
    PostgresCluster? _cluster;

    public override string DatabaseKind => "postgresql";
    public override string? MissingReason => Browsers.MissingReason ?? PostgresCluster.MissingReason;

    protected override string? StartDatabase(string root)
    {
        _cluster = PostgresCluster.Start();
        return _cluster.CreateDatabase("reviews");
    }

    protected override void StopDatabase() => _cluster?.Dispose();
}
