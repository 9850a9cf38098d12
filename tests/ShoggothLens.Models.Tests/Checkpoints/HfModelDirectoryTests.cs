using System.Runtime.InteropServices;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;
using ShoggothLens.Models.Checkpoints;

namespace ShoggothLens.Models.Tests.Checkpoints;

public sealed class HfModelDirectoryTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hf-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    void Config() => File.WriteAllText(Path.Combine(_dir, "config.json"), """{"model_type":"gpt2"}""");

    [Fact]
    public void ShardedCheckpointsAreJoinedThroughTheIndex()
    {
        Config();
        SafetensorsWriter.Write(Path.Combine(_dir, "model-00001-of-00002.safetensors"), [SafetensorsTensor.Float32("a", [2], [1f, 2f])]);
        var half = new[] { (Half)0.5f, (Half)(-4f), (Half)8f };
        SafetensorsWriter.Write(Path.Combine(_dir, "model-00002-of-00002.safetensors"),
            [new SafetensorsTensor("b", SafetensorsDType.F16, [3, 1], MemoryMarshal.AsBytes(half.AsSpan()).ToArray())]);
        File.WriteAllText(Path.Combine(_dir, "model.safetensors.index.json"),
            """{"metadata":{},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}}""");

        using var model = HfModelDirectory.Open(_dir);
        Assert.Equal(["a", "b"], model.TensorNames.Order());
        using var b = model.Load("b");
        Assert.Equal([3L, 1L], b.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, b.dtype);
        Assert.Equal([0.5f, -4f, 8f], b.data<float>().ToArray());
        Assert.Equal("gpt2", model.Config.GetProperty("model_type").GetString());
    }

    [Theory]
    [InlineData("../escape.safetensors")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void AnIndexCannotPointOutsideTheModelDirectory(string shard)
    {
        Config();
        File.WriteAllText(Path.Combine(_dir, "model.safetensors.index.json"), $$$"""{"weight_map":{"a":"{{{shard}}}"}}""");
        var e = Assert.Throws<InvalidInputFileException>(() => HfModelDirectory.Open(_dir));
        Assert.EndsWith("model.safetensors.index.json", e.FilePath);
        Assert.Contains("not a file name in the model directory", e.Message);
    }

    [Fact]
    public void AnIndexThatListsATensorTheShardLacksIsAnError()
    {
        Config();
        SafetensorsWriter.Write(Path.Combine(_dir, "s1.safetensors"), [SafetensorsTensor.Float32("a", [1], [1f])]);
        File.WriteAllText(Path.Combine(_dir, "model.safetensors.index.json"), """{"weight_map":{"a":"s1.safetensors","z":"s1.safetensors"}}""");
        Assert.Contains("does not hold it", Assert.Throws<InvalidInputFileException>(() => HfModelDirectory.Open(_dir)).Message);
    }

    [Fact]
    public void MissingConfigIsNamed()
    {
        var e = Assert.Throws<InvalidInputFileException>(() => HfModelDirectory.Open(_dir));
        Assert.EndsWith("config.json", e.FilePath);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void MalformedConfigIsNamed()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), "{\"model_type\": ");
        var e = Assert.Throws<InvalidInputFileException>(() => HfModelDirectory.Open(_dir));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void PickledWeightsAreRefusedWithAHint()
    {
        Config();
        File.WriteAllBytes(Path.Combine(_dir, "pytorch_model.bin"), [0x80, 0x02]);
        Assert.Contains("convert them to safetensors", Assert.Throws<InvalidInputFileException>(() => HfModelDirectory.Open(_dir)).Message);
    }

    [Fact]
    public void ATruncatedWeightFileIsNamed()
    {
        Config();
        string path = Path.Combine(_dir, "model.safetensors");
        SafetensorsWriter.Write(path, [SafetensorsTensor.Float32("a", [64], new float[64])]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);
        var e = Assert.Throws<InvalidInputFileException>(() => HfModelDirectory.Open(_dir));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("past the end", e.Message);
    }

    [Fact]
    public void MissingDirectory() =>
        Assert.Contains("not found", Assert.Throws<InvalidInputFileException>(() => HfModelDirectory.Open(Path.Combine(_dir, "nope"))).Message);
}
