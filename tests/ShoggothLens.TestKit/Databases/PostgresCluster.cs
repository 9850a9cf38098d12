using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ShoggothLens.TestKit.Databases;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: <c>initdb</c> on a temporary folder, <c>pg_ctl start</c> on a free
/// loopback port with its socket in that folder, trust authentication, fsync off; <see cref="Dispose"/> stops it
/// (immediate mode) and deletes the folder. PostgreSQL refuses to run as root, so as root every server binary runs
/// through <c>runuser -u postgres</c> (the Debian package's user).
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    const string RunAsUser = "postgres";
    readonly string _bin;
    readonly string _data;
    bool _stopped;

    PostgresCluster(string bin, string root, int port)
    {
        _bin = bin;
        Root = root;
        Port = port;
        _data = Path.Combine(root, "data");
    }

    /// <summary>The temporary folder (data directory, socket, log).</summary>
    public string Root { get; }
    public int Port { get; }

    /// <summary>The folder with <c>initdb</c> and <c>pg_ctl</c>: $SHOGGOTH_PG_BIN, else the newest /usr/lib/postgresql/N/bin.</summary>
    public static string? BinDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SHOGGOTH_PG_BIN") is { Length: > 0 } configured)
                return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
            if (!Directory.Exists("/usr/lib/postgresql")) return null;
            return Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int v) ? v : 0)
                .FirstOrDefault();
        }
    }

    /// <summary>Why a cluster cannot start here, or null when it can (binaries present; as root, the postgres user exists).</summary>
    public static string? MissingReason
    {
        get
        {
            if (BinDirectory is null) return "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin or $SHOGGOTH_PG_BIN";
            if (IsRoot && !File.ReadLines("/etc/passwd").Any(l => l.StartsWith(RunAsUser + ":", StringComparison.Ordinal)))
                return "running as root and there is no 'postgres' user to run the server as";
            return null;
        }
    }

    static bool IsRoot => Environment.UserName == "root";

    public static PostgresCluster Start()
    {
        if (MissingReason is { } why) throw new InvalidOperationException(why);
        var root = Directory.CreateTempSubdirectory("shoggoth-pg-").FullName;
        // The server user must reach the folder; the data directory it creates is its own (0700).
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var cluster = new PostgresCluster(BinDirectory!, root, FreePort());
        try
        {
            cluster.Run("initdb", "-D", cluster._data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions");
            cluster.Run("pg_ctl", "-D", cluster._data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
                "-o", $"-p {cluster.Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start");
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>A connection string to <paramref name="database"/> over TCP on loopback.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase(string name)
    {
        Run("createdb", "-h", Root, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name);
        return ConnectionString(name);
    }

    void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (IsRoot)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", RunAsUser, "--", Path.Combine(_bin, tool) }) start.ArgumentList.Add(a);
        }
        else start.FileName = Path.Combine(_bin, tool);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in 90 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {error.Result}{output.Result}{ServerLog()}");
    }

    string ServerLog()
    {
        string log = Path.Combine(Root, "server.log");
        return File.Exists(log) ? "\nserver.log:\n" + File.ReadAllText(log) : "";
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_stopped && Directory.Exists(_data))
        {
            _stopped = true;
            try { Run("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop"); }
            catch (InvalidOperationException) { }   // never started, or already gone: the folder goes anyway
        }
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
