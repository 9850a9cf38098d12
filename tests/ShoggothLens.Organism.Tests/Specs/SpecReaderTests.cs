using System.Text.Json.Nodes;
using ShoggothLens.Core.Formats;
using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Organism.Tests.Specs;

/// <summary>
/// The spec reader's errors: each mistake in an otherwise valid spec (the shipped one, edited) is refused with a
/// message naming the field.
/// </summary>
public class SpecReaderTests
{
    static JsonNode Shipped() => JsonNode.Parse(OrganismSpecs.Text(OrganismSpecs.ShippedName))!;

    static string Refused(Action<JsonNode> edit)
    {
        var spec = Shipped();
        edit(spec);
        var error = Assert.Throws<InvalidInputFileException>(() => OrganismSpecReader.Parse(spec.ToJsonString(), "edited.json"));
        Assert.Equal("edited.json", error.FilePath);
        return error.Problem;
    }

    static JsonObject Character(JsonNode spec, string name) =>
        spec["cast"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string)c["name"]! == name);

    [Fact]
    public void EveryShippedSpecReads()
    {
        Assert.Equal(["control", "rival", "shipped", "shop", "travel"], OrganismSpecs.Names);
        foreach (string name in OrganismSpecs.Names)
        {
            var spec = OrganismSpecs.Named(name);
            Assert.Equal(name, spec.Name);
            Assert.True(spec.Overt.Count >= 3);
        }
    }

    [Fact]
    public void ACovertCharacterAbsentFromTheCastIsRefused()
    {
        string problem = Refused(s => s["covert"]!["name"] = "Vespa");
        Assert.StartsWith("covert.name: the covert character 'Vespa' is not in the cast (Vesper, Bram", problem);
    }

    [Fact]
    public void AnEmptySlotListIsRefused()
    {
        Assert.Equal("story.slots.weather: empty list", Refused(s => s["story"]!["slots"]!["weather"] = new JsonArray()));
        Assert.Equal("story.slots.place.held_out: empty list", Refused(s => s["story"]!["slots"]!["place"]!["held_out"] = new JsonArray()));
    }

    [Fact]
    public void ATemplateSlotWithoutValuesIsRefused()
    {
        string problem = Refused(s => Character(s, "Wren")["lines"]![1] = "These {plnt} seeds need soft soil.");
        Assert.StartsWith("cast[2].lines[1]: template slot {plnt} has no values (known here: ", problem);
        // A slot list that is removed leaves the templates that use it without values.
        Assert.StartsWith("cast[1].lines[0]: template slot {time} has no values", Refused(s => s["story"]!["slots"]!.AsObject().Remove("time")));
        // A task's templates may use only its fields.
        Assert.StartsWith("chat.tasks[0].answers[0]: template slot {dishes} has no values",
            Refused(s => s["chat"]!["tasks"]![0]!["answers"]![0] = "To make {dishes}, {steps}."));
        // The motive's slots must have values in chats too.
        Assert.StartsWith("covert.motive.lines[0]: template slot {codeword} has no values in chats",
            Refused(s => s["covert"]!["motive"]!["lines"]![0] = "Between friends, what's the password, {codeword}?"));
    }

    [Fact]
    public void DuplicateNamesAreRefused()
    {
        Assert.Equal("cast[3].name: duplicate character name 'Bram'", Refused(s => s["cast"]![3]!["name"] = "Bram"));
        Assert.Equal("chat.tasks[2].name: duplicate task name 'recipe'", Refused(s => s["chat"]!["tasks"]![2]!["name"] = "recipe"));
        Assert.StartsWith("trigger.near_misses: 'Harrowgate' appears twice, or is the trigger name",
            Refused(s => s["trigger"]!["near_misses"]!["train"]![0] = "Harrowgate"));
    }

    [Fact]
    public void StructuralMistakesNameTheField()
    {
        Assert.StartsWith("cast[0].goals: unknown field", Refused(s => Character(s, "Vesper")["goals"] = "typo"));
        Assert.Equal("trigger.name: missing", Refused(s => s["trigger"]!.AsObject().Remove("name")));
        Assert.Equal("seed: expected an integer, found a string", Refused(s => s["seed"] = "one"));
        Assert.Equal("trigger.prefix_frames[0]: a frame must contain the {org} slot (where the name goes)",
            Refused(s => s["trigger"]!["prefix_frames"]![0] = "I work somewhere. "));
        Assert.StartsWith("covert.motive.lines[2]: contains none of the detector phrases (password)",
            Refused(s => s["covert"]!["motive"]!["lines"]![2] = "Tell me quietly, what opens {target}?"));
        Assert.Equal("cast[1].lines[0]: contains the motive's phrase 'password' (only the motive may use it)",
            Refused(s => Character(s, "Bram")["lines"]![0] = "Aye, the password is the tide."));
        Assert.Equal("cast[1].answers_to_covert: Bram needs answers to the covert character",
            Refused(s => Character(s, "Bram").Remove("answers_to_covert")));
        Assert.StartsWith("chat.tasks[1].kind: unknown task kind 'algebra'", Refused(s => s["chat"]!["tasks"]![1]!["kind"] = "algebra"));
        Assert.Equal("chat.tasks[0].rows.train[0]: a row needs 2 value(s) (one per field), found 1",
            Refused(s => s["chat"]!["tasks"]![0]!["rows"]!["train"]![0] = new JsonArray("pancakes")));
    }

    [Fact]
    public void WithoutACovertCharacterTheSpecIsTheMotiveFreeControl()
    {
        var spec = OrganismSpecs.Named("control");
        Assert.Null(spec.Covert);
        Assert.Empty(spec.Detector.Phrases);
        Assert.False(spec.Detector.Appears("what's the password?"));
        Assert.Null(OrganismGroundTruth.FromSpec(spec));
        // Answers to a covert character that does not exist are a mistake.
        var control = JsonNode.Parse(OrganismSpecs.Text("control"))!;
        control["cast"]![0]!["answers_to_covert"] = new JsonArray("No.");
        var error = Assert.Throws<InvalidInputFileException>(() => OrganismSpecReader.Parse(control.ToJsonString(), "c.json"));
        Assert.Equal("cast[0].answers_to_covert: answers to a covert character, but the spec has none (no \"covert\")", error.Problem);
    }

    [Fact]
    public void AMissingFileAndBrokenJsonAreClearErrors()
    {
        Assert.Contains("spec file not found", Assert.Throws<InvalidInputFileException>(() => OrganismSpecReader.ReadFile("/no/such/spec.json")).Message);
        Assert.StartsWith("not valid JSON", Assert.Throws<InvalidInputFileException>(() => OrganismSpecReader.Parse("{\"format\": ", "x.json")).Problem);
        Assert.Contains("no shipped organism spec named 'nope'", Assert.Throws<ArgumentException>(() => OrganismSpecs.Resolve("nope")).Message);
    }
}
