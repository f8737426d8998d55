// The journal's writing surface: CodeMirror 6 with Markdown, soft-wrapped, with the usual
// shortcuts (undo/redo, Ctrl+B bold, Ctrl+I italic) and nothing that reaches the network.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';

/** Wraps each selection in `mark`, keeping the selected words selected. */
function wrap(mark: string) {
  return (view: EditorView): boolean => {
    view.dispatch(
      view.state.changeByRange((range) => ({
        changes: [
          { from: range.from, insert: mark },
          { from: range.to, insert: mark },
        ],
        range: EditorSelection.range(range.from + mark.length, range.to + mark.length),
      })),
    );
    return true;
  };
}

export interface MarkdownEditor {
  view: EditorView;
  text: () => string;
  destroy: () => void;
}

export function createMarkdownEditor(
  parent: HTMLElement,
  options: { text: string; label: string; hint: string; onChange: (text: string) => void; onBlur: () => void },
): MarkdownEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        history(),
        markdown(),
        EditorView.lineWrapping,
        placeholder(options.hint),
        EditorView.contentAttributes.of({ 'aria-label': options.label, spellcheck: 'true', dir: 'auto' }),
        keymap.of([
          { key: 'Mod-b', run: wrap('**') },
          { key: 'Mod-i', run: wrap('*') },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
          if (update.focusChanged && !update.view.hasFocus) options.onBlur();
        }),
      ],
    }),
  });
  // Going on with an entry starts where it ends.
  view.dispatch({ selection: { anchor: view.state.doc.length } });
  return { view, text: () => view.state.doc.toString(), destroy: () => view.destroy() };
}
