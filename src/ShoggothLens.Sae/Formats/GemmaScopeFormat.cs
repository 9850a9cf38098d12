using ShoggothLens.Core.Formats;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats.Numpy;

namespace ShoggothLens.Sae.Formats;

/// <summary>
/// Gemma Scope: <c>params.npz</c> with W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc, b_dec and
/// threshold. A JumpReLU SAE whose encoder does not subtract b_dec from the input.
/// </summary>
public static class GemmaScopeFormat
{
    public const string ParamsFile = "params.npz";

    public static bool Looks(string directory) => File.Exists(Path.Combine(directory, ParamsFile));

    public static LoadedSae Load(string directoryOrFile)
    {
        string path = File.Exists(directoryOrFile) ? directoryOrFile : Path.Combine(directoryOrFile, ParamsFile);
        var arrays = NpzArchive.Read(path);
        NpyArray Get(string name) => arrays.TryGetValue(name, out var a) ? a : throw new InvalidInputFileException(path, $"no array named '{name}'");
        var wEnc = Get("W_enc");
        if (wEnc.Shape.Count != 2 || wEnc.Shape[0] < 1 || wEnc.Shape[1] < 1)
            throw new InvalidInputFileException(path, $"W_enc must be a non-empty matrix, has shape ({string.Join(", ", wEnc.Shape)})");
        int dIn = (int)wEnc.Shape[0], dSae = (int)wEnc.Shape[1];
        float[] Checked(string name, params long[] shape)
        {
            var a = Get(name);
            if (!a.Shape.SequenceEqual(shape))
                throw new InvalidInputFileException(path, $"'{name}' has shape ({string.Join(", ", a.Shape)}), expected ({string.Join(", ", shape)})");
            SaeTensors.CheckFinite(path, name, a.Data);
            return a.Data;
        }
        var parameters = new SaeParameters(dIn, dSae,
            Checked("W_enc", dIn, dSae), Checked("b_enc", dSae), Checked("W_dec", dSae, dIn), Checked("b_dec", dIn), Checked("threshold", dSae));
        var config = new SaeConfig(SaeArchitecture.JumpReLU, dIn, dSae, ApplyBDecToInput: false);
        return new LoadedSae(config, parameters, SaeLayout.GemmaScope, directoryOrFile);
    }
}
