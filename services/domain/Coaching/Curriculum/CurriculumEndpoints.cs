using System.Text.RegularExpressions;

namespace NeemPlatform.Coaching.Curriculum;

public sealed record NewItem(string ModuleCode, string Code, string TitleSv, string TitleEn, bool Mandatory = true);

public sealed record NewModule(string Code, string TitleSv, string TitleEn, IReadOnlyList<NewItem> Items);

/// <summary>A region's next curriculum version: the current one plus these modules (appended in order) and items.</summary>
public sealed record PublishCurriculumVersion(IReadOnlyList<NewModule>? AddModules = null, IReadOnlyList<NewItem>? AddItems = null);

public static partial class CurriculumEndpoints
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,49}$")]
    private static partial Regex CodePattern();

    /// <summary>The region's current version; the default (version 1) is created the first time it is asked for.</summary>
    public static async Task<CurriculumVersion> CurrentAsync(IDocumentSession session, string region, DateTimeOffset now, CancellationToken ct)
    {
        var current = await session.LoadAsync<CurrentCurriculum>(region, ct);
        if (current is not null && await session.LoadAsync<CurriculumVersion>(CurriculumVersion.IdFor(region, current.Version), ct) is { } version)
        {
            return version;
        }

        var first = DefaultCurriculum.For(region, now);
        session.Store(first);
        session.Store(new CurrentCurriculum(region, 1));
        return first;
    }

    /// <summary>Pure: the next version, or the field errors.</summary>
    public static CurriculumVersion? Next(CurriculumVersion current, PublishCurriculumVersion command, string by, DateTimeOffset now,
        out Validation validation)
    {
        validation = new Validation();
        var modules = current.Modules.ToList();
        var order = modules.Max(m => m.Order);
        var addModules = command.AddModules ?? [];
        var addItems = command.AddItems ?? [];
        validation.Require(addModules.Count + addItems.Count > 0, "$", "Add at least one module or item.");
        for (var i = 0; i < addModules.Count; i++)
        {
            var m = addModules[i];
            var field = $"addModules[{i}]";
            validation.Require(CodePattern().IsMatch(m.Code), $"{field}.code", "Lower-case letters, digits and '-', up to 50.")
                .Require(modules.All(x => x.Code != m.Code), $"{field}.code", "A module with this code exists.")
                .Text(m.TitleSv, $"{field}.titleSv").Text(m.TitleEn, $"{field}.titleEn")
                .Require(m.Items.Count > 0, $"{field}.items", "A module needs at least one checklist item.");
            modules.Add(new Module(m.Code, ++order, new Text(m.TitleSv.Trim(), m.TitleEn.Trim()),
                m.Items.Select(x => new ChecklistItem(x.Code, new Text(x.TitleSv.Trim(), x.TitleEn.Trim()), x.Mandatory)).ToList()));
            ValidateItems(validation, m.Items, field + ".items", _ => true);
        }

        for (var i = 0; i < addItems.Count; i++)
        {
            var item = addItems[i];
            var index = modules.FindIndex(x => x.Code == item.ModuleCode);
            validation.Require(index >= 0, $"addItems[{i}].moduleCode", "No module with this code.");
            if (index >= 0)
            {
                ValidateItems(validation, [item], $"addItems[{i}]", code => modules[index].Items.All(x => x.Code != code));
                modules[index] = modules[index] with
                {
                    Items = [.. modules[index].Items, new ChecklistItem(item.Code, new Text(item.TitleSv.Trim(), item.TitleEn.Trim()), item.Mandatory)]
                };
            }
        }

        return validation.IsValid
            ? new CurriculumVersion(CurriculumVersion.IdFor(current.Region, current.Version + 1), current.Region, current.Version + 1,
                modules, now, by)
            : null;
    }

    private static void ValidateItems(Validation validation, IReadOnlyList<NewItem> items, string field, Func<string, bool> unique)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var f = items.Count == 1 && !field.EndsWith(".items", StringComparison.Ordinal) ? field : $"{field}[{i}]";
            validation.Require(CodePattern().IsMatch(items[i].Code), $"{f}.code", "Lower-case letters, digits and '-', up to 50.")
                .Require(unique(items[i].Code) && items.Count(x => x.Code == items[i].Code) == 1, $"{f}.code", "An item with this code exists in the module.")
                .Text(items[i].TitleSv, $"{f}.titleSv").Text(items[i].TitleEn, $"{f}.titleEn");
        }
    }

    private static Validation Text(this Validation v, string? text, string field) =>
        v.Text(text, field, 200, required: true);

    [WolverineGet("/api/curriculum", Name = "GetCurrentCurriculum")]
    [EndpointSummary("Your region's current curriculum: modules in order and their checklists, in Swedish and English")]
    [ProducesResponseType<CurriculumVersion>(StatusCodes.Status200OK)]
    public static Task<CurriculumVersion> GetCurrent(RegionOptions instance, IDocumentSession session, TimeProvider time, CancellationToken ct) =>
        CurrentAsync(session, instance.Region, time.GetUtcNow(), ct);

    [WolverineGet("/api/curriculum/versions/{version}", Name = "GetCurriculumVersion")]
    [EndpointSummary("One version of your region's curriculum")]
    [ProducesResponseType<CurriculumVersion>(StatusCodes.Status200OK)]
    public static async Task<IResult> GetVersion(int version, RegionOptions instance, IDocumentSession session, TimeProvider time,
        CancellationToken ct)
    {
        await CurrentAsync(session, instance.Region, time.GetUtcNow(), ct);
        return await session.LoadAsync<CurriculumVersion>(CurriculumVersion.IdFor(instance.Region, version), ct) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem(new ProblemDetails
            {
                Status = 404,
                Title = "Not found",
                Type = Problems.TypeBase + "not-found",
                Detail = $"No curriculum version {version}."
            });
    }

    [WolverinePost("/api/curriculum/versions", Name = "PublishCurriculumVersion")]
    [Authorize(Policy = NeemPolicies.RegionManagement)]
    [EndpointSummary("Publish a new version with added modules or items; enrolments keep the version they started on")]
    [ProducesResponseType<CurriculumVersion>(StatusCodes.Status201Created)]
    public static async Task<IResult> Publish(PublishCurriculumVersion command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var region = instance.Region;
        var now = time.GetUtcNow();
        await session.LockAsync($"curriculum:{region}", ct);
        var current = await CurrentAsync(session, region, now, ct);
        if (Next(current, command, user.StaffId(), now, out var validation) is not { } next)
        {
            return Problems.Invalid(validation.Errors);
        }

        session.Store(next);
        session.Store(new CurrentCurriculum(region, next.Version));
        return TypedResults.Created($"/api/curriculum/versions/{next.Version}", next);
    }
}
