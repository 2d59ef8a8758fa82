-- Headless Neovim session for test/integration/neovim.test.ts, with Neovim's own LSP client:
-- opens MD_FILE with the configuration of docs/editors/neovim.lua, waits for Model Doctor's
-- diagnostics, asks for the code actions at the first one as `vim.lsp.buf.code_action()` does,
-- applies the preferred fix, writes the file, waits for the diagnostics of the saved text, and
-- writes what it saw to MD_REPORT as JSON. Exits 0 when it got that far, 1 otherwise.
local report = { steps = {} }

local function step(name)
  table.insert(report.steps, name)
end

local function finish(code)
  local out = io.open(vim.env.MD_REPORT, 'w')
  out:write(vim.json.encode(report))
  out:close()
  vim.cmd((code == 0 and 'qall!') or 'cquit! 1')
end

local function wait_for(what, ms, predicate)
  if not vim.wait(ms, predicate, 50) then
    error('timed out waiting for ' .. what)
  end
end

local function diagnostics_of(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code,
    })
  end
  return out
end

local function run()
  dofile(vim.env.MD_CONFIG).setup({
    cmd = vim.json.decode(vim.env.MD_CMD),
    settings = { modelDoctor = { rules = {} } },
  })
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.MD_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  step('opened as ' .. vim.bo[bufnr].filetype)

  wait_for('the language server to attach', 20000, function()
    return next(vim.lsp.buf_get_clients(bufnr)) ~= nil
  end)
  local client = select(2, next(vim.lsp.buf_get_clients(bufnr)))
  report.server = client.server_capabilities and client.server_capabilities.codeActionProvider
  step('attached')

  wait_for('diagnostics', 30000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end)
  report.diagnostics = diagnostics_of(bufnr)
  step('diagnostics')

  -- Where a user would stand: on the first diagnostic, then the code action request of `vim.lsp.buf.code_action()`.
  local first = vim.diagnostic.get(bufnr)[1]
  vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 20000)
  local actions = {}
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
    end
  end
  report.actions = {}
  local preferred
  for _, action in ipairs(actions) do
    table.insert(report.actions, { title = action.title, kind = action.kind, isPreferred = action.isPreferred == true })
    if action.isPreferred and preferred == nil then
      preferred = action
    end
  end
  step('code actions')
  if preferred == nil then
    error('no preferred code action')
  end

  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  report.applied = preferred.title
  report.line_after_fix = vim.api.nvim_buf_get_lines(bufnr, first.lnum, first.lnum + 1, false)[1]
  vim.cmd('write')
  step('written')

  wait_for('the diagnostics of the fixed text', 30000, function()
    return #vim.diagnostic.get(bufnr) == 0
  end)
  report.diagnostics_after = diagnostics_of(bufnr)
  step('clean after save')

  vim.lsp.stop_client(client.id)
  wait_for('the server to stop', 10000, function()
    return vim.lsp.get_client_by_id(client.id) == nil
  end)
  step('stopped')
end

local ok, err = pcall(run)
if not ok then
  report.error = tostring(err)
end
finish(ok and 0 or 1)
