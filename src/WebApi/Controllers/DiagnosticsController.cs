using Microsoft.AspNetCore.Mvc;

namespace TodoChat.WebApi.Controllers;

/// <summary>
/// The process's own allocation counter, for the benchmark's bytes-per-request figure. Off unless
/// <c>Diagnostics:ExposeAllocations</c> is true; hidden from the OpenAPI document.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class DiagnosticsController(IConfiguration configuration) : ControllerBase
{
    [HttpGet("/diagnostics/allocations")]
    public IActionResult Allocations()
    {
        if (!configuration.GetValue<bool>("Diagnostics:ExposeAllocations"))
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return Ok(new { allocated_bytes = GC.GetTotalAllocatedBytes(precise: false), gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2) });
    }
}
