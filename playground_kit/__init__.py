"""What only the playground page uses: its settings table and shareable link, its session state, its exports."""
