using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>
/// What every write of one object shares, spec or status: the route and ?dryRun and ?fieldValidation of the request,
/// then one mutation committed and answered with the stored object, the warnings of its admission and the fields
/// ?fieldValidation=Warn dropped.
/// </summary>
internal sealed class ObjectWrite
{
    private readonly HttpContext _context;
    private readonly bool _dryRun;

    private ObjectWrite(HttpContext context, bool namespacedPath)
    {
        _context = context;
        Route = ResourceRoute.From(context, namespacedPath);
        _dryRun = QueryParameters.DryRun(context.Request);
        Fields = FieldValidation.From(context);
    }

    public ResourceRoute Route { get; }

    public FieldValidation Fields { get; }

    public static ObjectWrite From(HttpContext context, bool namespacedPath) => new(context, namespacedPath);

    public async Task CommitAsync(IResourceStore store, Mutation mutation, int statusCode = StatusCodes.Status200OK)
    {
        var result = store.Commit([mutation], _dryRun)[0];
        Fields.AddWarnings();
        ApiResponses.AddWarnings(_context, [result]);
        await ApiResponses.WriteRawJsonAsync(_context, statusCode, result.Object.Json);
    }
}
