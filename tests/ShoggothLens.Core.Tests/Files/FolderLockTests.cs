using System.Diagnostics;
using ShoggothLens.Core.Files;

namespace ShoggothLens.Core.Tests.Files;

/// <summary>
/// The output-folder lock: a second writer is refused and told who holds the folder; the kernel's flock is what
/// holds it (checked against util-linux <c>flock</c>, another process), so a SIGKILLed holder's lock is taken over.
/// </summary>
public class FolderLockTests
{
    [Fact]
    public void A_second_writer_is_refused_and_told_the_holder_until_the_first_releases()
    {
        using var temp = new TempDirectory();
        string folder = temp.File("out");
        using (var first = FolderLock.Acquire(folder, "train"))
        {
            var refused = Assert.Throws<FolderLockedException>(() => FolderLock.Acquire(folder, "harvest"));
            Assert.Equal(Environment.ProcessId, refused.Holder!.ProcessId);
            Assert.Equal("train", refused.Holder.Command);
            Assert.Equal(Environment.MachineName, refused.Holder.Host);
            Assert.Contains($"train (pid {Environment.ProcessId} on {Environment.MachineName}, started ", refused.Message);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));   // released: the lock leaves nothing behind
        using var second = FolderLock.Acquire(folder, "harvest");
        Assert.Null(second.TakenOverFrom);   // released cleanly: nothing stale
    }

    [Fact]
    public void Writers_racing_a_releasing_holder_never_hold_the_folder_together()
    {
        using var temp = new TempDirectory();
        string folder = temp.File("out");
        int inside = 0, most = 0, entered = 0;
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 100; i++)
            {
                try
                {
                    using var held = FolderLock.Acquire(folder, "race");
                    int now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref most, now);
                    Interlocked.Increment(ref entered);
                    Interlocked.Decrement(ref inside);
                }
                catch (FolderLockedException) { }
            }
        });
        Assert.Equal(1, most);
        Assert.True(entered > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    [Fact]
    public void The_lock_is_the_kernels_flock_held_by_another_process_and_released_by_its_death()
    {
        using var temp = new TempDirectory();
        string folder = temp.File("out");
        Directory.CreateDirectory(folder);
        string lockFile = Path.Combine(folder, FolderLock.LockFileName);
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--no-fork", "-n", "-x", lockFile, "sleep", "60"]))!;
        try
        {
            // flock execs sleep once it holds the lock (--no-fork: one process), so "comm is sleep" means the lock is held.
            // Probing with FolderLock.Acquire instead raced: our probe's release unlinks the file flock may have opened.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && !holder.HasExited && ReadComm(holder.Id) != "sleep") Thread.Sleep(20);
            Assert.Equal("sleep", ReadComm(holder.Id));
            var refused = Assert.Throws<FolderLockedException>(() => FolderLock.Acquire(folder, "analyze"));
            Assert.Contains("another command is writing this folder", refused.Message);
        }
        finally
        {
            holder.Kill();   // SIGKILL (flock execs sleep, one process): nothing is released by hand
            holder.WaitForExit();
        }
        using var taken = FolderLock.Acquire(folder, "analyze");
        Assert.Equal("analyze", taken.Holder.Command);
    }

    static string? ReadComm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return null; }
    }

    [Fact]
    public void A_stale_holder_record_of_a_dead_process_is_taken_over_and_reported()
    {
        using var temp = new TempDirectory();
        string folder = temp.File("out");
        using (var dead = Process.Start(new ProcessStartInfo("true"))!)
        {
            dead.WaitForExit();
            Directory.CreateDirectory(folder);
            // What a SIGKILLed holder leaves: its record (the kernel already dropped its lock).
            File.WriteAllText(Path.Combine(folder, FolderLock.LockFileName + ".holder"),
                $$"""{"pid":{{dead.Id}},"host":"{{Environment.MachineName}}","command":"harvest","started":"2026-01-02T03:04:05.0000000+00:00"}""");
        }
        using var taken = FolderLock.Acquire(folder, "harvest");
        Assert.NotNull(taken.TakenOverFrom);
        Assert.Equal("harvest", taken.TakenOverFrom!.Command);
        Assert.True(taken.TakenOverFrom.IsGone);
        Assert.False(taken.Holder.IsGone);
    }

    [Fact]
    public void Parts_of_one_folder_lock_side_by_side_but_not_twice_and_not_beside_a_whole_folder_writer()
    {
        using var temp = new TempDirectory();
        string folder = temp.File("out");
        using (var shard0 = FolderLock.Acquire(folder, "export", "shard-0-of-2"))
        using (var shard1 = FolderLock.Acquire(folder, "export", "shard-1-of-2"))
        {
            var again = Assert.Throws<FolderLockedException>(() => FolderLock.Acquire(folder, "export", "shard-1-of-2"));
            Assert.Equal("export", again.Holder!.Command);
            var whole = Assert.Throws<FolderLockedException>(() => FolderLock.Acquire(folder, "export"));
            Assert.Contains("writers of its parts", whole.Message);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));   // the last part removed the folder's lock file too
        using (FolderLock.Acquire(folder, "harvest"))
            Assert.Throws<FolderLockedException>(() => FolderLock.Acquire(folder, "export", "shard-0-of-2"));
        Assert.Throws<ArgumentException>(() => FolderLock.Acquire(folder, "export", "../x"));
    }

    [Fact]
    public void Only_the_lock_files_are_lock_files()
    {
        Assert.True(FolderLock.IsLockFile(".shoggoth.lock"));
        Assert.True(FolderLock.IsLockFile(".shoggoth.lock.holder"));
        Assert.True(FolderLock.IsLockFile(".shoggoth.lock.shard-0-of-2.holder"));
        Assert.False(FolderLock.IsLockFile("manifest.json"));
        Assert.False(FolderLock.IsLockFile("shoggoth.lock"));
    }
}
