using System.Reflection;
using ShoggothLens.Build;

namespace ShoggothLens.Models.Tests.Build;

public class ElfVersionNeedPatcherTests
{
    static string CacheOriginal()
    {
        string root = typeof(ElfVersionNeedPatcherTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", LibTorchSharpPatch.FileName);
    }

    static string OutputCopy() =>
        Path.Combine(Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location)!,
            "runtimes", "linux-x64", "native", LibTorchSharpPatch.FileName);

    static ElfPatchOutcome Patch(byte[] bytes) =>
        ElfVersionNeedPatcher.MakeVersionNeedWeak(bytes, LibTorchSharpPatch.VersionName, LibTorchSharpPatch.AllowedSymbols);

    [Fact]
    public void TheShippedLibraryNeedsTheVersionStronglyAndThePatchFlipsOnlyItsFlag()
    {
        var original = File.ReadAllBytes(CacheOriginal());
        var patched = (byte[])original.Clone();

        Assert.Equal(ElfPatchOutcome.Patched, Patch(patched));
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Single(changed);
        Assert.Equal(ElfVersionNeedPatcher.VerFlagWeak, patched[changed[0]] & ElfVersionNeedPatcher.VerFlagWeak);

        Assert.Equal(ElfPatchOutcome.AlreadyWeak, Patch(patched));
    }

    [Fact]
    public void TheBuildPatchedTheOutputCopyAndLeftTheNuGetCacheAlone()
    {
        Assert.Equal(ElfPatchOutcome.AlreadyWeak, Patch(File.ReadAllBytes(OutputCopy())));
        Assert.Equal(ElfPatchOutcome.Patched, Patch(File.ReadAllBytes(CacheOriginal())));
    }

    [Fact]
    public void RefusesToWeakenAVersionThatOtherSymbolsUse()
    {
        var bytes = File.ReadAllBytes(CacheOriginal());
        var e = Assert.Throws<InvalidDataException>(() =>
            ElfVersionNeedPatcher.MakeVersionNeedWeak(bytes, LibTorchSharpPatch.VersionName, Array.Empty<string>()));
        Assert.Contains("_ZSt21ios_base_library_initv", e.Message);
    }

    [Fact]
    public void AVersionTheLibraryDoesNotNeedIsLeftAlone()
    {
        var bytes = File.ReadAllBytes(CacheOriginal());
        var copy = (byte[])bytes.Clone();
        Assert.Equal(ElfPatchOutcome.VersionNotNeeded, ElfVersionNeedPatcher.MakeVersionNeedWeak(copy, "GLIBCXX_9.9.99", []));
        Assert.Equal(bytes, copy);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(4096)]
    public void TruncatedOrForeignBytesAreRejected(int length)
    {
        var original = File.ReadAllBytes(CacheOriginal());
        Assert.Throws<InvalidDataException>(() => Patch(original[..length]));
        Assert.Throws<InvalidDataException>(() => Patch(new byte[Math.Max(length, 64)]));
    }

    [Fact]
    public void PatchFileReplacesTheFileInsteadOfWritingThroughAHardLink()
    {
        string dir = Directory.CreateTempSubdirectory("elf-").FullName;
        try
        {
            string original = Path.Combine(dir, "original.so");
            File.Copy(CacheOriginal(), original);
            string linked = Path.Combine(dir, LibTorchSharpPatch.FileName);
            File.CreateSymbolicLink(linked + ".sym", original); // a link must not be written through either
            Assert.Equal(ElfPatchOutcome.Patched,
                ElfVersionNeedPatcher.PatchFile(linked + ".sym", LibTorchSharpPatch.VersionName, LibTorchSharpPatch.AllowedSymbols));
            Assert.Equal(ElfPatchOutcome.Patched, Patch(File.ReadAllBytes(original)));
            Assert.Equal(ElfPatchOutcome.AlreadyWeak, Patch(File.ReadAllBytes(linked + ".sym")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
