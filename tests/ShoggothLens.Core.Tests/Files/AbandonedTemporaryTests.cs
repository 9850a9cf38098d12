using ShoggothLens.Core.Files;

namespace ShoggothLens.Core.Tests.Files;

/// <summary>
/// A SIGKILL between an atomic write's create and its rename leaves <c>NAME.PID.GUID.tmp</c> behind (the kill-anywhere
/// script found them after `export --format saelens`: <c>sae_weights.safetensors.2340.….tmp</c>, and a lock holder's
/// record). Whoever takes the folder's lock next removes them; nothing else is touched.
/// </summary>
public class AbandonedTemporaryTests
{
    const string Guid32 = "6c0c2a298ea04231a6e83aa9994a8c96";

    [Fact]
    public void The_next_writer_of_the_folder_removes_temporaries_a_killed_writer_left()
    {
        using var temp = new TempDirectory();
        string folder = temp.File("out");
        Directory.CreateDirectory(Path.Combine(folder, "chunks"));
        string[] abandoned =
        [
            Path.Combine(folder, $"sae_weights.safetensors.2340.{Guid32}.tmp"),
            Path.Combine(folder, $"{FolderLock.LockFileName}.holder.2509.{Guid32}.tmp"),
            Path.Combine(folder, "chunks", $"chunk-000003.bin.77.{Guid32}.tmp"),
        ];
        string[] kept =
        [
            Path.Combine(folder, "notes.tmp"),                                   // not an atomic write's name
            Path.Combine(folder, $"weights.{Guid32}.tmp"),                       // no process id
            Path.Combine(folder, $"cfg.json.12.{Guid32.ToUpperInvariant()}.tmp"), // not the hex a Guid prints
            Path.Combine(folder, "cfg.json"),
        ];
        foreach (var f in abandoned.Concat(kept)) File.WriteAllText(f, "x");

        using (FolderLock.Acquire(folder, "export"))
        {
            Assert.All(abandoned, f => Assert.False(File.Exists(f), f));
            Assert.All(kept, f => Assert.True(File.Exists(f), f));
        }
    }

    [Fact]
    public void A_part_writer_leaves_them_as_another_part_may_be_writing_and_links_are_not_followed()
    {
        using var temp = new TempDirectory();
        string folder = temp.File("out"), elsewhere = temp.File("elsewhere");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(elsewhere);
        string beside = Path.Combine(folder, $"batch-3.json.41.{Guid32}.tmp");
        string outside = Path.Combine(elsewhere, $"model.safetensors.41.{Guid32}.tmp");
        File.WriteAllText(beside, "x");
        File.WriteAllText(outside, "x");
        Directory.CreateSymbolicLink(Path.Combine(folder, "linked"), elsewhere);

        using (FolderLock.Acquire(folder, "export", "shard-0-of-2")) Assert.True(File.Exists(beside));
        using (FolderLock.Acquire(folder, "export")) Assert.False(File.Exists(beside));
        Assert.True(File.Exists(outside));
    }

    [Fact]
    public void A_writers_own_temporaries_are_spared()
    {
        using var temp = new TempDirectory();
        string folder = temp.File("out");
        Directory.CreateDirectory(folder);
        string ours = Path.Combine(folder, $"x.bin.{Environment.ProcessId}.{Guid32}.tmp");
        File.WriteAllText(ours, "x");
        Assert.Equal(0, AtomicFile.RemoveAbandoned(folder));
        Assert.True(File.Exists(ours));
    }
}
