// Makes TorchSharp's libLibTorchSharp.so load with Debian 12's libstdc++ (GLIBCXX up to 3.4.30).
//
// The library declares a need for GLIBCXX_3.4.32 only because GCC 13's <iostream> references
// _ZSt21ios_base_library_initv; no relocation uses that symbol. Marking that one version need
// VER_FLG_WEAK (0x2) in .gnu.version_r lets the dynamic loader accept a libstdc++ without it.
// The patcher refuses to weaken a version that any other symbol depends on.
//
// This one file is compiled twice: by MSBuild's RoslynCodeTaskFactory as the build task
// (Directory.Build.targets), and by the test project with SHOGGOTH_PATCHER_NO_MSBUILD defined.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ShoggothLens.Build
{
    public enum ElfPatchOutcome
    {
        /// <summary>The version need was found and marked weak.</summary>
        Patched,
        /// <summary>The version need was already weak; nothing changed.</summary>
        AlreadyWeak,
        /// <summary>The library does not need that version at all; nothing to do.</summary>
        VersionNotNeeded,
    }

    public static class ElfVersionNeedPatcher
    {
        public const ushort VerFlagWeak = 0x2;
        const uint ShtDynsym = 11;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;

        /// <summary>
        /// Marks the version need <paramref name="versionName"/> weak, in place in <paramref name="elf"/>.
        /// Throws InvalidDataException if the bytes are not a well-formed little-endian ELF64 file,
        /// or if a symbol outside <paramref name="allowedSymbols"/> is bound to that version.
        /// </summary>
        public static ElfPatchOutcome MakeVersionNeedWeak(byte[] elf, string versionName, ICollection<string> allowedSymbols)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2) throw new InvalidDataException("not a 64-bit ELF file");
            if (elf[5] != 1) throw new InvalidDataException("not a little-endian ELF file");

            ulong shoff = U64(elf, 0x28);
            ushort shentsize = U16(elf, 0x3A);
            ushort shnum = U16(elf, 0x3C);
            if (shentsize != 64) throw new InvalidDataException($"unexpected section header size {shentsize}");
            Check(elf, shoff, (ulong)shnum * 64, "section header table");

            Section? verneed = null, dynsym = null, versym = null;
            var sections = new Section[shnum];
            for (int i = 0; i < shnum; i++)
            {
                long h = (long)shoff + i * 64L;
                var s = new Section(U32(elf, h + 4), U64(elf, h + 0x18), U64(elf, h + 0x20), U32(elf, h + 0x28), U32(elf, h + 0x2C));
                sections[i] = s;
                if (s.Type == ShtGnuVerneed) verneed = s;
                else if (s.Type == ShtDynsym) dynsym = s;
                else if (s.Type == ShtGnuVersym) versym = s;
            }
            if (verneed is null) return ElfPatchOutcome.VersionNotNeeded;
            Check(elf, verneed.Offset, verneed.Size, ".gnu.version_r");
            Section verneedStrings = SectionAt(sections, verneed.Link, ".gnu.version_r string table");

            // Walk Elf64_Verneed -> Elf64_Vernaux records looking for the version by name.
            long need = (long)verneed.Offset;
            long end = (long)(verneed.Offset + verneed.Size);
            for (uint n = 0; n < verneed.Info; n++)
            {
                CheckRange(need, 16, end, "Elf64_Verneed");
                ushort auxCount = U16(elf, need + 2);
                long aux = need + U32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    CheckRange(aux, 16, end, "Elf64_Vernaux");
                    string name = CString(elf, verneedStrings, U32(elf, aux + 8));
                    if (name == versionName)
                    {
                        ushort flags = U16(elf, aux + 4);
                        ushort versionIndex = U16(elf, aux + 6);
                        EnsureOnlyAllowedSymbolsUse(elf, sections, dynsym, versym, versionIndex, versionName, allowedSymbols);
                        if ((flags & VerFlagWeak) != 0) return ElfPatchOutcome.AlreadyWeak;
                        flags |= VerFlagWeak;
                        elf[aux + 4] = (byte)flags;
                        elf[aux + 5] = (byte)(flags >> 8);
                        return ElfPatchOutcome.Patched;
                    }
                    uint nextAux = U32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = U32(elf, need + 12);
                if (next == 0) break;
                need += next;
            }
            return ElfPatchOutcome.VersionNotNeeded;
        }

        /// <summary>Patches a file by writing a patched copy beside it and renaming it over the
        /// original, so a hard-linked original (the NuGet cache) is never modified.</summary>
        public static ElfPatchOutcome PatchFile(string path, string versionName, ICollection<string> allowedSymbols)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var outcome = MakeVersionNeedWeak(bytes, versionName, allowedSymbols);
            if (outcome != ElfPatchOutcome.Patched) return outcome;
            // Copy first so the new file keeps the original's permissions; then rename over.
            // (netstandard2.0 APIs only: MSBuild compiles this file as an inline task.)
            string temp = path + ".patching";
            File.Copy(path, temp, overwrite: true);
            File.WriteAllBytes(temp, bytes);
            File.Delete(path);
            File.Move(temp, path);
            return outcome;
        }

        static void EnsureOnlyAllowedSymbolsUse(byte[] elf, Section[] sections, Section? dynsym, Section? versym,
            ushort versionIndex, string versionName, ICollection<string> allowed)
        {
            if (dynsym is null || versym is null)
                throw new InvalidDataException("no .dynsym/.gnu.version: cannot tell which symbols use " + versionName);
            Check(elf, dynsym.Offset, dynsym.Size, ".dynsym");
            Check(elf, versym.Offset, versym.Size, ".gnu.version");
            Section symStrings = SectionAt(sections, dynsym.Link, ".dynsym string table");
            ulong count = dynsym.Size / 24;
            if (versym.Size / 2 < count) throw new InvalidDataException(".gnu.version is shorter than .dynsym");
            for (ulong i = 0; i < count; i++)
            {
                ushort v = (ushort)(U16(elf, (long)(versym.Offset + i * 2)) & 0x7fff);
                if (v != versionIndex) continue;
                string name = CString(elf, symStrings, U32(elf, (long)(dynsym.Offset + i * 24)));
                if (!allowed.Contains(name))
                    throw new InvalidDataException($"symbol {name} needs {versionName}; weakening it would be unsafe");
            }
        }

        static Section SectionAt(Section[] sections, uint index, string what)
        {
            if (index >= sections.Length) throw new InvalidDataException($"{what}: section index {index} out of range");
            return sections[index];
        }

        static string CString(byte[] elf, Section strings, uint offset)
        {
            if (offset >= strings.Size) throw new InvalidDataException($"string offset {offset} outside its table");
            long start = (long)strings.Offset + offset;
            long limit = (long)Math.Min((ulong)elf.Length, strings.Offset + strings.Size);
            long end = start;
            while (end < limit && elf[end] != 0) end++;
            if (end >= limit) throw new InvalidDataException("unterminated string in ELF string table");
            return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
        }

        static void Check(byte[] elf, ulong offset, ulong size, string what)
        {
            if (offset > (ulong)elf.Length || size > (ulong)elf.Length - offset)
                throw new InvalidDataException($"{what} lies outside the file");
        }

        static void CheckRange(long at, long size, long end, string what)
        {
            if (at < 0 || at + size > end) throw new InvalidDataException($"{what} record lies outside its section");
        }

        static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

        sealed class Section
        {
            public Section(uint type, ulong offset, ulong size, uint link, uint info)
            { Type = type; Offset = offset; Size = size; Link = link; Info = info; }
            public uint Type { get; }
            public ulong Offset { get; }
            public ulong Size { get; }
            public uint Link { get; }
            public uint Info { get; }
        }
    }

    /// <summary>The one patch this project needs: TorchSharp 0.107's GLIBCXX_3.4.32 need.</summary>
    public static class LibTorchSharpPatch
    {
        public const string FileName = "libLibTorchSharp.so";
        public const string VersionName = "GLIBCXX_3.4.32";
        public static readonly string[] AllowedSymbols = { "_ZSt21ios_base_library_initv" };
    }

#if !SHOGGOTH_PATCHER_NO_MSBUILD
    /// <summary>MSBuild task: patches every libLibTorchSharp.so under Directory.</summary>
    public class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; } = "";

        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory)) return true;
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, LibTorchSharpPatch.FileName, SearchOption.AllDirectories))
            {
                try
                {
                    var outcome = ElfVersionNeedPatcher.PatchFile(path, LibTorchSharpPatch.VersionName, LibTorchSharpPatch.AllowedSymbols);
                    if (outcome == ElfPatchOutcome.Patched)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                            $"Marked {LibTorchSharpPatch.VersionName} weak in {path}");
                }
                catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
                {
                    Log.LogError($"Could not patch {path}: {e.Message}");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
