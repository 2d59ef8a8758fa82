-- Model Doctor's language server in Neovim's built-in LSP client (Neovim 0.7 or newer).
-- In init.lua:
--   dofile('/path/to/model-doctor/docs/editors/neovim.lua').setup({
--     cmd = { 'model-doctor', 'lsp', '--stdio' },                        -- the default
--     settings = { modelDoctor = { rules = { ['stacked-linear-layers'] = 'off' } } },
--   })
-- The end-to-end test (test/integration/neovim.test.ts) loads this file as it is.
local M = {}

M.filetypes = { 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact' }

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { 'model-doctor', 'lsp', '--stdio' }
  local settings = opts.settings or { modelDoctor = {} }
  -- One server per project folder (the working directory), shared by its buffers.
  local clients = {}
  vim.api.nvim_create_autocmd('FileType', {
    pattern = M.filetypes,
    callback = function(args)
      local root = vim.fn.getcwd()
      local id = clients[root]
      if id == nil or vim.lsp.get_client_by_id(id) == nil then
        id = vim.lsp.start_client({ name = 'model-doctor', cmd = cmd, root_dir = root, settings = settings })
        clients[root] = id
      end
      if id ~= nil then
        vim.lsp.buf_attach_client(args.buf, id)
      end
    end,
  })
end

return M
