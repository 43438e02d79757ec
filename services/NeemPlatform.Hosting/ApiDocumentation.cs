using Microsoft.OpenApi;

namespace NeemPlatform.Hosting;

/// <summary>The security schemes the OpenAPI documents of every service describe.</summary>
public static class ApiDocumentation
{
    public const string StaffScheme = "staff-bearer";
    public const string PartnerScheme = "partner-api-key";
    public const string PartnerKeyHeader = "X-Api-Key";

    public static void AddSecuritySchemes(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[StaffScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Staff token (advisor, region-manager, administrator, ...) with the claims sub, role and region. " +
                          "Local runs: POST /dev/tokens."
        };
        document.Components.SecuritySchemes[PartnerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = PartnerKeyHeader,
            Description = "A partner organisation's credential, issued by the programme's administrator."
        };
    }
}
