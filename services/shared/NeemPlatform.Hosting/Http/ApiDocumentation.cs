namespace NeemPlatform.Hosting;

/// <summary>
/// What the OpenAPI document of every service says beyond the endpoints' own attributes, so that a client generated from it
/// (Kiota, NSwag) does what the server does: which credential each operation takes (and the anonymous ones none), the 401 and
/// 403 every protected operation can answer, only the success the operation really gives (201 or 202, never a spurious 200
/// beside it), errors as <c>application/problem+json</c> only, the headers a client must send or may read, and a description
/// for every operation and tag.
/// </summary>
public static class ApiDocumentation
{
    public const string StaffScheme = "staff-bearer";
    public const string PartnerScheme = "partner-api-key";
    public const string FeedKeyScheme = "mis-feed-key";
    public const string PartnerKeyHeader = "X-Api-Key";
    public const string FeedKeyHeader = "X-Feed-Key";

    /// <summary>The partner policy's name (the Participant service defines it); its operations take the partner's key.</summary>
    public const string PartnerPolicy = "partner";

    /// <summary>What each tag groups, for the API pages and generated clients.</summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Platform"] = "What the service is and which region it serves.",
        ["Development"] = "Local runs and tests only: staff tokens from the development issuer.",
        ["Referrals (partner API)"] = "For partner organisations: refer a person and follow your referrals' course. Authenticate with your organisation's key in X-Api-Key.",
        ["Partners (administration)"] = "Partner organisations, their credentials and their callback logs (administrators).",
        ["Status callbacks (partner API)"] = "For partner organisations: have each change of your referrals' status POSTed to your https address, signed, with a delivery log.",
        ["Sandbox (partner API)"] = "For partner organisations: the test identity numbers, and moving a sandbox referral's status by hand to test your integration.",
        ["Participants"] = "Registering people, their journey and profile (advisors, region managers).",
        ["Referrals"] = "The advisors' inbox of referrals and closing a referral.",
        ["Selection"] = "Information workshops, interviews and the selection decision.",
        ["Network groups"] = "Network groups, their places and waiting list.",
        ["Outcomes"] = "Next steps in life, exits and follow-ups.",
        ["Complaints"] = "The complaints register: received, assigned, answered by a deadline, closed with an outcome; counts for the funders.",
        ["Messages"] = "Messages to participants (e-mail or SMS, in her language) and her choice of language or of no messages.",
        ["Follow-up links"] = "For participants, without an account: the follow-up questionnaire a one-time link opens, and her answers.",
        ["Personal data"] = "Identity-number reveal with audit, proposals from partners, erasure.",
        ["Curriculum"] = "The versioned business-development curriculum.",
        ["Enrolments"] = "Coaching enrolments, advisors and dropout.",
        ["Checklists"] = "Module checklists and their approval, in order.",
        ["Sessions"] = "Coaching sessions and attendance.",
        ["Progress"] = "Progress per participant and network group.",
        ["Business plan"] = "The participant's business plan and budget, and its approval.",
        ["Loan products"] = "Versioned loan products and schedule previews.",
        ["Loans"] = "Applications, four-eyes approval, disbursement, loan milestones.",
        ["Repayments"] = "Repayments, prepayments and early repayment.",
        ["Rescheduling and write-off"] = "Rescheduling a loan in arrears, and writing it off.",
        ["Arrears and portfolio"] = "Arrears evaluation, portfolio at risk and the write-off ratio.",
        ["Credit history"] = "Credit files and printable credit statements a bank verifies.",
        ["Credit files"] = "A participant's credit file: her financing limit from the approved business plan.",
        ["MIS history"] = "One participant's MIS history under her real id (participant work only).",
        ["Indicators"] = "The programme's indicators against its targets, and their monthly series.",
        ["Reports"] = "The funders' participant report (CSV).",
        ["Socio-economic effects"] = "The socio-economic model and its versioned parameters.",
        ["Research"] = "Studies with pseudonymised exports and research tables.",
        ["Replay"] = "Rebuilding every indicator from the MIS history.",
        ["Feed"] = "The region's anonymous MIS feed, for the national view and researchers (machine credentials).",
    };

    /// <summary>The service's OpenAPI document: its title, security schemes and tags, and every operation completed.</summary>
    public static void Configure(OpenApiOptions options, string service)
    {
        // A plain-text answer (a statement to print) is a string: said so, a generated client returns it as one.
        options.AddOperationTransformer((operation, _, _) =>
        {
            foreach (var response in (operation.Responses ?? []).Values)
            {
                if (response.Content is { } content && content.TryGetValue("text/plain", out var text)
                    && text.Schema is null or OpenApiSchema { Type: null, Properties: null or { Count: 0 } })
                {
                    text.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
                }
            }

            return Task.CompletedTask;
        });

        // Amounts are exact decimals (SEK to the öre): said as such, so a generated client holds them as decimals, never as doubles.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(decimal) || context.JsonTypeInfo.Type == typeof(decimal?))
            {
                schema.Format = "decimal";
            }

            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = $"NEEM Platform – {service} service";
            document.Info.Version = "v1";
            document.Info.Description ??= $"The {service} service of a NEEM Platform instance. Each regional platform (and the national view) " +
                                          "has its own address; every error is application/problem+json (RFC 9457).";
            // Relative: each instance serves its own document, so a client takes the address it read it from.
            document.Servers = [new OpenApiServer { Url = "/", Description = "This instance" }];
            AddSecuritySchemes(document);
            var used = (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                .SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).Where(n => n is not null).ToHashSet();
            document.Tags = new HashSet<OpenApiTag>(used.Order(StringComparer.Ordinal).Select(name => new OpenApiTag
            {
                Name = name,
                Description = TagDescriptions.GetValueOrDefault(name!) ?? name
            }));
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            Complete(operation, context);
            return Task.CompletedTask;
        });
        // Last, once every operation says what it takes: only the schemes some operation uses stay declared.
        options.AddDocumentTransformer((document, _, _) =>
        {
            // The errors' schema, which every 4xx refers to, even in a service whose endpoints would not register it themselves.
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas.TryAdd("ProblemDetails", new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null }
                }
            });
            var used = (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                .SelectMany(o => o.Security?.AsEnumerable() ?? []).SelectMany(r => r.Keys).Select(k => k.Reference.Id).ToHashSet();
            foreach (var scheme in document.Components?.SecuritySchemes?.Keys.Where(k => !used.Contains(k)).ToList() ?? [])
            {
                document.Components!.SecuritySchemes!.Remove(scheme);
            }

            return Task.CompletedTask;
        });
    }

    public static void AddSecuritySchemes(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[StaffScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Staff token (advisor, region-manager, administrator, ...) with the claims sub, role and region, or a machine " +
                          "client's token (role mis-feed). Local runs: POST /dev/tokens."
        };
        document.Components.SecuritySchemes[PartnerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = PartnerKeyHeader,
            Description = "A partner organisation's credential, issued by the programme's administrator."
        };
        document.Components.SecuritySchemes[FeedKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = FeedKeyHeader,
            Description = "A consumer's key to the MIS feed, configured per consumer (Neem:Impact:FeedConsumers:<name>)."
        };
    }

    private static void Complete(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || policies.Count == 0;
        OpenApiSecurityRequirement Requirement(string scheme) => new() { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] };
        operation.Security = anonymous ? []
            : policies.Contains(PartnerPolicy) ? [Requirement(PartnerScheme)]
            : policies.Contains(NeemPolicies.MisFeed) ? [Requirement(StaffScheme), Requirement(FeedKeyScheme)]
            : [Requirement(StaffScheme)];

        operation.Responses ??= new OpenApiResponses();
        var responses = operation.Responses;
        if (responses.ContainsKey("201") || responses.ContainsKey("202"))
        {
            responses.Remove("200");
        }

        // A 404 with nothing to say on a path without an id does not occur.
        if (!context.Description.RelativePath!.Contains('{') && responses.TryGetValue("404", out var notFound)
            && ((notFound as OpenApiResponse)?.Content is null or { Count: 0 } || notFound.Content!.Values.All(m => m.Schema is null)))
        {
            responses.Remove("404");
        }

        if (!anonymous)
        {
            responses.TryAdd("401", Problem(context, policies.Contains(PartnerPolicy)
                ? $"Missing, unknown or revoked partner credential ({PartnerKeyHeader})."
                : "Missing, expired or invalid credential."));
            if (!policies.Contains(PartnerPolicy))
            {
                responses.TryAdd("403", Problem(context, "The credential is for another region, or its role may not do this."));
            }
        }

        // Errors are problem+json, whatever the success's media type (CSV, NDJSON, text).
        foreach (var (status, response) in responses.Where(r => r.Key.Length == 3 && r.Key[0] is '4' or '5').ToList())
        {
            if (response is OpenApiResponse concrete && concrete.Content is { } content)
            {
                foreach (var other in content.Keys.Where(k => k != "application/problem+json").ToList())
                {
                    if (!content.ContainsKey("application/problem+json"))
                    {
                        content["application/problem+json"] = content[other];
                    }

                    content.Remove(other);
                }

                // An error whose endpoint named no type is still a problem.
                if (content.TryGetValue("application/problem+json", out var problem) && problem.Schema is null && problem is OpenApiMediaType media)
                {
                    media.Schema = new OpenApiSchemaReference("ProblemDetails", context.Document);
                }
            }

            if (string.IsNullOrWhiteSpace(response.Description))
            {
                responses[status] = Problem(context, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        if (responses.TryGetValue("429", out var tooMany) && tooMany is OpenApiResponse limited)
        {
            limited.Headers ??= new Dictionary<string, IOpenApiHeader>();
            limited.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before trying again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" }
            };
        }

        if (operation.Parameters?.FirstOrDefault(p => p.Name == "Idempotency-Key") is OpenApiParameter idempotency)
        {
            idempotency.Required = true;
            idempotency.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 100, Pattern = "^[!-~]+$" };
            foreach (var success in new[] { "200", "201" }.Where(responses.ContainsKey))
            {
                if (responses[success] is OpenApiResponse created)
                {
                    created.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    created.Headers["Location"] = new OpenApiHeader { Description = "Where to read what was created.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                    created.Headers["Idempotent-Replayed"] = new OpenApiHeader
                    {
                        Description = "\"true\" when this is the stored answer to an earlier request with the same key and body.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] }
                    };
                }
            }
        }

        // In the order of their status, whether an endpoint states a response itself or its group's conventions add it.
        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered)
        {
            responses[status] = response;
        }

        if (string.IsNullOrWhiteSpace(operation.Description) || operation.Description == operation.OperationId)
        {
            operation.Description = operation.Summary ?? operation.OperationId;
        }
    }

    private static OpenApiResponse Problem(OpenApiOperationTransformerContext context, string? description)
    {
        // Every error is problem+json, whichever operation the generator happens to describe first: the reference does not wait
        // for another operation to have registered the schema (the document's own transformer below makes sure it is there).
        return new OpenApiResponse
        {
            Description = description ?? "Error",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) }
            }
        };
    }
}
